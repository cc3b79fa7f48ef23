//! The files a run makes, and where they go as soon as each is made, so that
//! a large plan's outputs are never all in memory at once: kept (`serve`),
//! written into the new build folder (`build`, see `write::Staging`), or
//! dropped (`check`). Shared by render, write and the commands.

use std::io::Write;
use std::sync::Mutex;

/// The file a build leaves in its output folder, listing what it wrote:
/// `write` reads it to know what it may replace, `load` to skip the folder.
pub const BUILD_MARKER: &str = ".welfare-plan-build";

/// One file of the build, relative to OUT.
#[derive(Debug, Clone)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Why an output could not be encoded: becomes a diagnostic, never an empty file.
#[derive(Debug)]
pub struct EncodeError(pub String);

impl From<csv::Error> for EncodeError {
    fn from(e: csv::Error) -> Self {
        EncodeError(e.to_string())
    }
}

impl From<serde_json::Error> for EncodeError {
    fn from(e: serde_json::Error) -> Self {
        EncodeError(e.to_string())
    }
}

pub type Encoded = Result<Vec<u8>, EncodeError>;

/// Takes each file of the build; called from several threads at once.
pub trait Sink: Sync {
    /// A file made whole in memory.
    fn put(&self, output: Output);
    /// A file written in pieces, for the large ones: complete it with
    /// [`OutFile::done`]; dropped without it, it is not part of the build.
    fn create(&self, path: String) -> Box<dyn OutFile + '_>;
}

/// A file of the build being written.
pub trait OutFile: Write {
    fn done(self: Box<Self>);
}

/// Gathers a file's pieces, then hands it on whole.
pub(crate) struct Gathered<F: FnOnce(Output)> {
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
    pub(crate) then: F,
}

impl<F: FnOnce(Output)> Write for Gathered<F> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<F: FnOnce(Output)> OutFile for Gathered<F> {
    fn done(self: Box<Self>) {
        let Gathered { path, bytes, then } = *self;
        then(Output { path, bytes });
    }
}

/// Keeps every file in memory.
#[derive(Default)]
pub struct Collect(Mutex<Vec<Output>>);

impl Sink for Collect {
    fn put(&self, output: Output) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(output);
    }
    fn create(&self, path: String) -> Box<dyn OutFile + '_> {
        Box::new(Gathered {
            path,
            bytes: Vec::new(),
            then: |output| self.put(output),
        })
    }
}

impl Collect {
    /// The files in path order.
    pub fn into_sorted(self) -> Vec<Output> {
        let mut outputs = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        outputs
    }
}

/// Keeps nothing: `check` renders every file only to find its problems.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: Output) {}
    fn create(&self, _: String) -> Box<dyn OutFile + '_> {
        Box::new(Nowhere)
    }
}

/// A file nobody keeps.
pub(crate) struct Nowhere;

impl Write for Nowhere {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl OutFile for Nowhere {
    fn done(self: Box<Self>) {}
}
