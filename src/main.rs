//! The `loandash` binary: parse the command line and hand over to the library.

fn main() -> std::process::ExitCode {
    loandash::cli::main_with_args(std::env::args_os())
}
