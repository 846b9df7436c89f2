//! The `loandash` binary: a command runs on the command line, no command opens the
//! dashboard. The two front ends never call each other; this is where one is picked.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match loandash::cli::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    if cli.command.is_some() {
        return loandash::cli::main(&cli);
    }
    let options = loandash::tui::Options {
        store: cli.store.clone(),
        demo: cli.demo,
        as_of: cli.as_of(),
        lang: cli.lang,
    };
    match loandash::tui::run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The store may be what failed: the language is the flag's, else the system's.
            let lang = loandash::language::Language::from_env(cli.lang, None);
            loandash::cli::print_error(lang, &e.render(lang));
            ExitCode::FAILURE
        }
    }
}
