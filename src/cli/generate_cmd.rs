//! `loandash demo --generate N --out FILE [--seed S]`: write a large sample store.

use super::CliError;
use super::output::{self, Format};
use super::words::{Said, Words};
use crate::engine::field::Field;
use crate::engine::loan::FieldError;
use crate::generate;
use crate::language::{fill, one_or_many};
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;

/// Most loans `--generate` accepts (a million loans is about 1.9 GB of RON).
pub const MAX_GENERATE: usize = 1_000_000;

/// The flags of `loandash demo`.
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Write a generated store of N installment loans and N/20 revolving accounts.
    #[arg(long, value_name = "N")]
    pub generate: usize,
    /// The file to create (it must not exist yet).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Seed of the generator: the same seed and --as-of give the same file.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
}

#[derive(Serialize)]
struct GeneratedJson<'a> {
    out: &'a std::path::Path,
    seed: u64,
    as_of: NaiveDate,
    loans: usize,
    revolving: usize,
    lines: usize,
    payments: usize,
}

/// Generate the store as of `as_of` and write it through the store's atomic, validated save.
pub fn run(args: &DemoArgs, format: Format, w: &Words, as_of: NaiveDate) -> Result<(), CliError> {
    if args.generate > MAX_GENERATE {
        let (max, got) = (MAX_GENERATE.to_string(), args.generate.to_string());
        let said = Said::new(|w, _| fill(w.gen_range, &[("max", &max), ("got", &got)]));
        return Err(FieldError::typed(Field::Generate, said.problem()).into());
    }
    // Refuse before opening: an existing file is never read, let alone replaced. Should
    // one appear meanwhile, the save sees it and refuses too (the file changed on disk).
    if std::fs::symlink_metadata(&args.out).is_ok() {
        return Err(StoreError::Exists {
            path: args.out.clone(),
        }
        .into());
    }
    let accounts = args.generate + args.generate / generate::LOANS_PER_REVOLVING;
    let bar = super::progress::bar(accounts, w.generating);
    let data = generate::generate_with_progress(args.generate, args.seed, as_of, |made| {
        bar.set_position(made as u64)
    });
    bar.finish_and_clear();
    let mut store = Store::open(&args.out)?;
    *store.data_mut() = data;
    super::progress::save(&mut store)?;
    let data = store.data();
    let text = match format {
        Format::Json => output::json(&GeneratedJson {
            out: &args.out,
            seed: args.seed,
            as_of,
            loans: data.loans.len(),
            revolving: data.revolving.len(),
            lines: data.lines.len(),
            payments: data.payments.len(),
        }),
        Format::Csv => output::csv(
            &[
                "out",
                "seed",
                "as_of",
                "loans",
                "revolving",
                "lines",
                "payments",
            ],
            [vec![
                args.out.display().to_string(),
                args.seed.to_string(),
                as_of.to_string(),
                data.loans.len().to_string(),
                data.revolving.len().to_string(),
                data.lines.len().to_string(),
                data.payments.len().to_string(),
            ]],
        )?,
        Format::Table => {
            let counts = [
                (data.loans.len(), w.gen_loan, w.gen_loans),
                (data.revolving.len(), w.gen_account, w.gen_accounts),
                (data.lines.len(), w.gen_line, w.gen_lines),
                (data.payments.len(), w.gen_payment, w.gen_payments),
            ]
            .map(|(n, one, many)| fill(one_or_many(n, one, many), &[("n", &n.to_string())]))
            .join(w.lang.list_separator());
            let wrote = fill(
                w.gen_wrote,
                &[
                    ("counts", &counts),
                    ("out", &args.out.display().to_string()),
                    ("seed", &args.seed.to_string()),
                    ("as_of", &as_of.to_string()),
                ],
            );
            wrote + "\n"
        }
    };
    Ok(output::print(&text)?)
}
