//! One file of the new build, written as its bytes come. While they are the
//! same as the previous build's file, nothing is written; at the end that
//! file is hard-linked instead (no new inode, no copy: an edit-build loop
//! writes only what changed). At the first difference the new file is made
//! from the equal start of the old one and goes on with the new bytes.

use std::fs;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;

use super::Staging;

pub(super) struct StagedFile<'s> {
    staging: &'s Staging,
    rel: String,
    path: PathBuf,
    /// The previous build's file, while every byte so far equals it.
    previous: Option<(PathBuf, BufReader<fs::File>)>,
    same: u64,
    /// The new file, once the bytes differ (or there is no previous one).
    file: Option<BufWriter<fs::File>>,
    error: Option<io::Error>,
}

impl<'s> StagedFile<'s> {
    pub fn new(staging: &'s Staging, rel: String) -> Self {
        let previous = staging.previous.as_ref().map(|p| p.join(&rel));
        let previous = previous.and_then(|before| {
            // A regular file only: never follow a link someone put there.
            let file = crate::assets::open_no_follow(&before).ok()?;
            file.metadata()
                .is_ok_and(|m| m.is_file())
                .then(|| (before, BufReader::with_capacity(1 << 16, file)))
        });
        StagedFile {
            staging,
            path: staging.new.join(&rel),
            rel,
            previous,
            same: 0,
            file: None,
            error: None,
        }
    }

    /// Makes the new file from the equal start of the previous one.
    fn diverge(&mut self) -> io::Result<()> {
        if let Some(parent) = self.path.parent() {
            // Safe from several threads: a folder another made meanwhile is fine.
            fs::create_dir_all(parent)?;
        }
        let mut file = BufWriter::with_capacity(1 << 16, fs::File::create(&self.path)?);
        if let Some((before, _)) = self.previous.take()
            && self.same > 0
        {
            let mut old = crate::assets::open_no_follow(&before)?.take(self.same);
            io::copy(&mut old, &mut file)?;
        }
        self.file = Some(file);
        Ok(())
    }

    fn write_piece(&mut self, buf: &[u8]) -> io::Result<()> {
        if self.file.is_none() {
            if let Some((_, old)) = &mut self.previous
                && equal_next(old, buf)
            {
                self.same += buf.len() as u64;
                return Ok(());
            }
            self.diverge()?;
        }
        match &mut self.file {
            Some(file) => file.write_all(buf),
            None => Ok(()),
        }
    }

    fn complete(&mut self) -> io::Result<()> {
        if self.file.is_none() {
            if let Some((before, old)) = &mut self.previous
                && old.fill_buf().is_ok_and(<[u8]>::is_empty)
            {
                if let Some(parent) = self.path.parent() {
                    fs::create_dir_all(parent)?;
                }
                if fs::hard_link(before.as_path(), &self.path).is_ok() {
                    return Ok(());
                }
            }
            self.diverge()?;
        }
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

/// Whether the next `buf.len()` bytes of `old` are `buf` (consumed either way).
fn equal_next(old: &mut BufReader<fs::File>, mut buf: &[u8]) -> bool {
    while !buf.is_empty() {
        let chunk = match old.fill_buf() {
            Ok(c) if !c.is_empty() => c,
            _ => return false,
        };
        let n = chunk.len().min(buf.len());
        if chunk[..n] != buf[..n] {
            return false;
        }
        old.consume(n);
        buf = &buf[n..];
    }
    true
}

impl Write for StagedFile<'_> {
    /// Never fails: an error is kept and reported when the file is done, so
    /// that the renderer sees only its own errors.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.error.is_none()
            && let Err(e) = self.write_piece(buf)
        {
            self.error = Some(e);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl crate::output::OutFile for StagedFile<'_> {
    fn done(mut self: Box<Self>) {
        if self.error.is_none()
            && let Err(e) = self.complete()
        {
            self.error = Some(e);
        }
        match self.error.take() {
            None => self.staging.written(std::mem::take(&mut self.rel)),
            Some(e) => self.staging.failed(&self.path, &e),
        }
    }
}
