//! The last touches of a rendered page, made while the template writes it,
//! so that a large page goes to its file in pieces instead of being held
//! whole in memory (the print page of a large plan is tens of megabytes).

use std::io::{self, Write};

use crate::text::in_fence;

/// Pieces are handed on once this many bytes have gathered.
const PIECE: usize = 64 * 1024;

/// Replaces every `token` with `with` in the bytes written through it, also
/// where a token is split between two writes.
pub struct Replace<'t, W: Write> {
    inner: W,
    token: &'t [u8],
    with: &'t [u8],
    pending: Vec<u8>,
    piece: usize,
}

impl<'t, W: Write> Replace<'t, W> {
    pub fn new(inner: W, token: &'t str, with: &'t str) -> Self {
        assert!(!token.is_empty(), "an empty token would match everywhere");
        Replace {
            inner,
            token: token.as_bytes(),
            with: with.as_bytes(),
            pending: Vec::with_capacity(PIECE + 4096),
            piece: PIECE,
        }
    }

    /// Hands on pieces of `piece` bytes instead (tests make them tiny).
    pub fn with_piece(mut self, piece: usize) -> Self {
        self.piece = piece.max(1);
        self
    }

    /// Hands on what is certain: all of it at the end, else all but a tail
    /// that may be the start of a token.
    fn drain(&mut self, all: bool) -> io::Result<()> {
        let buf = &self.pending;
        let limit = if all {
            buf.len()
        } else {
            buf.len().saturating_sub(self.token.len() - 1)
        };
        let mut plain = 0;
        for at in memchr::memmem::find_iter(buf, self.token) {
            if at >= limit {
                break;
            }
            // Matches do not overlap: find_iter resumes after each one.
            self.inner.write_all(&buf[plain..at])?;
            self.inner.write_all(self.with)?;
            plain = at + self.token.len();
        }
        let end = plain.max(limit);
        self.inner.write_all(&buf[plain..end])?;
        self.pending.drain(..end);
        Ok(())
    }

    /// Writes what is left; the inner writer, to be completed by the caller.
    pub fn finish(mut self) -> io::Result<W> {
        self.drain(true)?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for Replace<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= self.piece {
            self.drain(false)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Templates leave runs of blank lines where optional parts are absent:
/// keeps at most one, except inside fenced code, and ends the text with one
/// newline — line by line, as the template writes.
pub struct TidyMarkdown<W: Write> {
    inner: W,
    /// The line being written, not yet ended.
    partial: Vec<u8>,
    out: Vec<u8>,
    blank_run: usize,
    fence: Option<String>,
    /// Whether anything has been kept yet (blank lines at the start are not).
    started: bool,
    /// Empty lines kept but not yet written: the text must not end with them.
    newlines: usize,
    /// How much of `partial` is known to hold no line end.
    scanned: usize,
    piece: usize,
}

impl<W: Write> TidyMarkdown<W> {
    pub fn new(inner: W) -> Self {
        TidyMarkdown {
            inner,
            partial: Vec::new(),
            out: Vec::with_capacity(PIECE + 4096),
            blank_run: 0,
            fence: None,
            started: false,
            newlines: 0,
            scanned: 0,
            piece: PIECE,
        }
    }

    /// Hands on pieces of `piece` bytes instead (tests make them tiny).
    pub fn with_piece(mut self, piece: usize) -> Self {
        self.piece = piece.max(1);
        self
    }

    fn line(&mut self, line: &str) {
        let owned = self.fence.take();
        let mut fence = owned.as_deref();
        let coded = in_fence(&mut fence, line);
        self.fence = fence.map(str::to_string);
        if line.trim().is_empty() && !coded {
            self.blank_run += 1;
            if self.blank_run > 1 || !self.started {
                return;
            }
            self.newlines += 1;
            return;
        }
        self.blank_run = 0;
        self.started = true;
        if line.is_empty() {
            // An empty line of code: kept, unless nothing follows it.
            self.newlines += 1;
            return;
        }
        self.out.extend(std::iter::repeat_n(b'\n', self.newlines));
        self.newlines = 0;
        self.out.extend_from_slice(line.as_bytes());
        self.out.push(b'\n');
    }

    /// Every complete line in `partial`, as `str::lines` would cut them.
    fn lines(&mut self) {
        let partial = std::mem::take(&mut self.partial);
        let mut start = 0;
        // Bytes already searched hold no line end: a long line is searched
        // once, not again at every write.
        let mut from = self.scanned;
        while let Some(end) = memchr::memchr(b'\n', &partial[from..]) {
            let newline = from + end;
            let mut line = &partial[start..newline];
            if let Some(stripped) = line.strip_suffix(b"\r") {
                line = stripped;
            }
            self.line(&String::from_utf8_lossy(line));
            start = newline + 1;
            from = start;
        }
        self.partial = partial;
        self.partial.drain(..start);
        self.scanned = self.partial.len();
    }

    fn hand_on(&mut self) -> io::Result<()> {
        self.inner.write_all(&self.out)?;
        self.out.clear();
        Ok(())
    }

    /// Writes what is left; the inner writer, to be completed by the caller.
    pub fn finish(mut self) -> io::Result<W> {
        self.lines();
        if !self.partial.is_empty() {
            let last = std::mem::take(&mut self.partial);
            self.line(&String::from_utf8_lossy(&last));
        }
        // Empty lines left at the end are dropped: a kept empty line always
        // follows written text, which ends with its own newline.
        self.hand_on()?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for TidyMarkdown<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.partial.extend_from_slice(buf);
        if self.partial.len() >= self.piece {
            self.lines();
            if self.out.len() >= self.piece {
                self.hand_on()?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
