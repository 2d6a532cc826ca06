import { channelDef, channelNames } from '@shared/contract';

/** Help texts, one per command; `tenure help <command>` prints one, `tenure --help` the overview. */
export const commandHelp = {
  new: `Usage: tenure new PROJECT.tenure [--name NAME]

Creates an empty project file and prints what it holds (JSON).

  --name NAME   the project's display name (default: the file name)`,

  import: `Usage: tenure import PROJECT.tenure FILE --kind customers [options]

Imports a customer table (one row per customer) into the project in one transaction, and prints
{imported, rejectedCount, rejected: [{line, reason}], columns: [{name, type, role}], dryRun} as JSON.
The file is inspected first (encoding, delimiter, header, column types); options override the guesses.

  --kind customers          what the file holds (only customer tables so far)
  --map ROLE=COLUMN         which column plays a role: id, churned, tenure, start, end (repeatable).
                            Without --map id, the column the inspection suggests is the id (said on stderr).
                            Every column without a role is an attribute.
  --churned-value V         a raw value of the churned column that means "churned" (repeatable), for
                            columns that are not yes/no-like, e.g. --churned-value 2 for R's lung data
  --tenure-unit U           unit of the tenure column: days, weeks, months or years
  --type COLUMN=TYPE        override a column's type: integer, decimal, date, boolean, category, text
  --ignore COLUMN           leave a column out of the project (repeatable)
  --delimiter X             field delimiter (one character; "tab" or "\\t" for tabs)
  --encoding E              text encoding, e.g. utf-8, utf-16le, windows-1250, windows-1252, iso-8859-1
  --decimal ,               decimal separator of numbers: "." or ","
  --no-header               the first line is data, not column names
  --dry-run                 validate the whole file and report, without changing the project

Example:
  tenure import t.tenure telco_churn.csv --kind customers --map id=customer_id --map churned=Churn`,

  overview: `Usage: tenure overview PROJECT.tenure

Prints the project's headline figures as JSON: customers, churned, churn share, median tenure.`,

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
  import PROJECT.tenure FILE --kind customers [--map role=column ...] [options]
                                            import a customer table (CSV)
  overview PROJECT.tenure                   headline figures as JSON
  serve PROJECT.tenure [--port N] [--no-open]
                                            open the project in browser mode
  call CHANNEL [JSON | -]                   call any channel of the contract
  help [COMMAND]                            help on a command

JSON results go to stdout, messages to stderr. Exit status: 0 success, 1 error, 2 wrong usage,
130 cancelled (Ctrl-C).`;
