import { channelDef, channelNames } from '@shared/contract';
import { analysisHelp } from './analysis-commands';
import { riskHelp } from './risk-commands';
import { valueHelp } from './value-commands';

/** Help texts, one per command; `tenure help <command>` prints one, `tenure --help` the overview. */
export const commandHelp = {
  new: `Usage: tenure new PROJECT.tenure [--name NAME]

Creates an empty project file and prints what it holds (JSON).

  --name NAME   the project's display name (default: the file name)`,

  import: `Usage: tenure import PROJECT.tenure FILE --kind KIND [--map ROLE=COLUMN ...] [options]

Imports a file (CSV/TSV/any delimiter, any common encoding; XLSX) into the project's dataset of that
kind, in one transaction, and prints {importId, kind, mode, imported, replaced, rejectedCount,
rejected: [{line, reason}], columns: [{name, type, role}], dryRun} as JSON. The file is inspected first
(encoding, delimiter, header, number and date format, column types); options override the guesses.

  --kind KIND               what the file holds, and the roles --map takes:
                              customers      id, churned, tenure, start, end   (one row per customer)
                              subscriptions  customer, plan, start, end, mrr, interval, currency
                              transactions   customer, date, amount, quantity, product
                              events         customer, time, type, value
                              feedback       customer, date, score, comment, reason
  --map ROLE=COLUMN         which column plays a role (repeatable). Without --map for the customer id
                            (id or customer), the column the inspection suggests is used (said on stderr);
                            other required roles must be given. Every column without a role is an attribute.
  --mode replace|append     replace the dataset with this file (default; undoable), or add its rows
  --allow-repeat            append a file whose exact bytes are already in the dataset (refused otherwise)
  --keep-duplicates         keep rows equal to an earlier row of the file (rejected as duplicates otherwise)
  --churned-value V         a raw value of the churned column that means "churned" (repeatable), for
                            columns that are not yes/no-like, e.g. --churned-value 2 for R's lung data
  --tenure-unit U           unit of the tenure column: days, weeks, months or years
  --type COLUMN=TYPE        override a column's type: integer, decimal, date, boolean, category, text
  --ignore COLUMN           leave a column out of the project (repeatable)
  --delimiter X             field delimiter (one character; "tab" or "\\t" for tabs)
  --encoding E              text encoding, e.g. utf-8, utf-16le, windows-1250, windows-1252, iso-8859-1
  --decimal ,               decimal separator of numbers: "." or ","
  --date-format F           how dates are written, e.g. dd.mm.yyyy, mm/dd/yyyy, yyyy-mm-dd
                            (or --date-order dmy|mdy|ymd)
  --missing A,B             values that mean "missing" (replaces the default NA, N/A, NULL, -, …)
  --sheet NAME              the worksheet of an XLSX workbook (default: the first)
  --skip-rows N             title rows above the header to skip
  --no-header               the first line is data, not column names
  --dry-run                 validate the whole file and report, without changing the project
  --rejected OUT.csv        save every rejected row (line, problem, column, value, reason, then the row)
                            as CSV; also --rejects

Examples:
  tenure import t.tenure telco_churn.csv --kind customers --map id=customer_id --map churned=Churn
  tenure import t.tenure orders.csv --kind transactions --map customer=Kunde --map date=Datum \\
    --map amount=Betrag --mode append --rejected rejected.csv`,

  history: `Usage: tenure history PROJECT.tenure

Prints every import into the project as JSON, newest first ({imports: [{id, kind, mode, fileName,
imported, rejected, state, undoable, notUndoableReason, …}], datasets: [{kind, rows, customers,
activeImports}]}).`,

  undo: `Usage: tenure undo PROJECT.tenure IMPORT_ID

Undoes an import (see tenure history for ids): an appended file's rows go; a replacing import's rows
go and what it replaced comes back. Only the latest import of a dataset can be undone, so undo goes
back one import at a time. Prints the history afterwards, as tenure history does.`,

  overview: `Usage: tenure overview PROJECT.tenure

Prints the project's headline figures as JSON: customers, churned, churn share, median tenure.`,

  survival: `Usage: tenure survival PROJECT.tenure [--by COLUMN] [--conf log|log-log|plain] [--unit days|months]
                  [--filter COLUMN=VALUE ...]

Kaplan–Meier survival of tenure until churn (customers still active are censored at the as-of date),
as JSON: {groups: [{key, n, events, points: [{time, atRisk, events, censored, survival, stdErr, lower,
upper}], median: {value, lower, upper}, survivalAt: [{time, survival, lower, upper}], rmst: {tau, value,
stdErr}}], logRank: {chisq, df, p}, definition, asOf, unit, excluded}. Customers whose churn or tenure is
unknown are left out and counted in "excluded".

  --by COLUMN           one curve per value of this column (its name as shown, or its key), and the
                        log-rank test between them; numbers are cut into bins
  --conf T              pointwise confidence intervals: log (default, as R), log-log or plain
  --unit U              time in months (default; 365.25/12 days) or days
  --times A,B           survival at these times (default 3,6,12,24 months)
  --tau T               horizon of the restricted mean survival time (default: the longest tenure)
  --max-groups N        at most N curves (default 12; further categories pooled as "Other")
  --filter C=VALUE      only the customers whose column C (name as shown, or key) has this value
                        (repeatable: all at once; an empty value means missing)`,

  cox: `Usage: tenure cox PROJECT.tenure --covariates A,B,C [--reference COLUMN=LEVEL] [--ties efron|breslow]

Cox proportional hazards model of churn, as JSON: {coefficients: [{term, coef, se, hazardRatio,
lower, upper, z, p}], logLik, concordance, n, events, dropped, references, warnings, definition, asOf}.
Numbers (and yes/no columns as 0/1) enter as they are; categories with one term per level against a
reference level (default: the first in alphabetical order, as R).

  --covariates A,B,C    the columns (names as shown, or keys), comma-separated
  --reference C=LEVEL   the reference level of a category (repeatable)
  --ties T              efron (default, as R) or breslow
  --unit U              time in months (default) or days; changes nothing but the baseline's unit
  --filter C=VALUE      only the customers whose column C has this value (repeatable)`,

  ...analysisHelp,

  ...riskHelp,

  ...valueHelp,

  serve: `Usage: tenure serve PROJECT.tenure [--port N] [--no-open]

Runs Tenure in browser mode on this project: the app is served on 127.0.0.1 with a secret token for
this launch. Prints {url, port, project} as JSON on stdout; Ctrl-C stops it.

  --port N      listen on this port (default: any free port)
  --no-open     do not open the default browser`,

  call: `Usage: tenure call CHANNEL [JSON | -]

Calls any channel of Tenure's contract with a JSON request (default {}; "-" reads it from stdin) and
prints the response as JSON. Paths in the request are used as given (relative to this directory).

Channels:
${channelNames.map((name) => `  ${name.padEnd(18)} ${channelDef(name).summary}`).join('\n')}`,

  help: `Usage: tenure help [COMMAND]

Prints help on Tenure's commands, or on one command.`,
} as const;

export type CommandName = keyof typeof commandHelp;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commandHelp, name);
}

export const overviewHelp = `Tenure — churn analysis on your own machine.

Usage: tenure COMMAND [arguments]

Commands:
  new PROJECT.tenure [--name N]             create an empty project
  import PROJECT.tenure FILE --kind KIND [--map role=column ...] [--mode append|replace] [options]
                                            import customers, subscriptions, transactions,
                                            events or feedback (CSV, XLSX)
  history PROJECT.tenure                    every import, and whether it can be undone
  undo PROJECT.tenure IMPORT_ID             undo a dataset's latest import
  overview PROJECT.tenure                   headline figures as JSON
  survival PROJECT.tenure [--by COLUMN] [--conf log|log-log|plain] [--unit days|months]
                                            Kaplan–Meier curves, medians, log-rank test
  cox PROJECT.tenure --covariates A,B,C     Cox proportional hazards model
  drivers PROJECT.tenure [--max-groups N]   churn drivers, ranked
  churn-rate PROJECT.tenure [--period month|week|quarter] [--reactivation-window DAYS]
                                            churn per period with a KPI header, MRR movements
  cohorts PROJECT.tenure [--by COLUMN] [--measure customers|revenue] [--definition D]
                                            cohort retention matrix and average curve
  train PROJECT.tenure --model logistic|gbt [--folds 5] [--horizon DAYS] [--folds-from FILE]
                                            train a churn-risk model: cross-validated metrics JSON
  score PROJECT.tenure --model NAME [--out scores.csv|scores.xlsx]
                                            score the active customers: risk, tier, reasons
  compare PROJECT.tenure --models A,B       two saved models on the same folds, a recommendation
  models PROJECT.tenure                     the saved churn-risk models
  rfm PROJECT.tenure [--as-of DATE]         RFM scores and segments of the customers with transactions
  btyd PROJECT.tenure --model bgnbd|pareto [--calibration-end DATE] [--unit week] [--predictions]
                                            "buy till you die" fit with a hold-out check
  clv PROJECT.tenure [--margin 0.3 --discount 0.1 --horizon 12] [--out FILE.csv]
                                            customer lifetime value, by decile
  gamma-gamma PROJECT.tenure [--calibration-end DATE]
                                            spend model: p, q, gamma
  sbg --survivors N0,N1,... | --project PROJECT.tenure
                                            shifted-beta-geometric retention, DEL, DERL
  serve PROJECT.tenure [--port N] [--no-open]
                                            open the project in browser mode
  call CHANNEL [JSON | -]                   call any channel of the contract
  help [COMMAND]                            help on a command

The analyses (survival, cox, drivers, churn-rate, cohorts, train) take --filter COLUMN=VALUE (repeatable) to
cut them to a segment of customers.

JSON results go to stdout, messages to stderr. Exit status: 0 success, 1 error, 2 wrong usage,
130 cancelled (Ctrl-C).`;
