import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RiskTier, ScoredCustomer } from '@shared/contract/risk';
import type { TaskContext } from '../../jobs/task-context';
import { findRiskModel, readScorePage } from '../../store/risk-models';
import { scoredModel } from './risk';

/**
 * The scored customers as one XLSX worksheet: `tenure score --out scores.xlsx` writes it to a file, and
 * risk.exportScores (the Risk scores view's "Export XLSX") to memory, with the same writer. Rows are
 * streamed (they go out as they come, so a million customers do not sit in memory as cells).
 *
 * Formula injection: every text cell (customer id, tier, reasons) is a shared-string cell (t="s"),
 * which a spreadsheet shows as text and never evaluates — a customer id "=HYPERLINK(…)" stays those
 * characters, without the apostrophe the CSV needs (in XLSX an apostrophe would be part of the value).
 * Nothing is ever written as a formula cell. Scores and values are number cells.
 */
export function scoresXlsxHeader(reasons: number): string[] {
  return [
    'customer_id',
    'score',
    'tier',
    'value',
    ...Array.from({ length: reasons }, (_, i) => `reason_${i + 1}`),
  ];
}

/** Writes the workbook to a file path or a stream; resolves with the number of customers written. */
export async function writeScoresXlsx(
  target: string | Writable,
  reasons: number,
  pages: AsyncIterable<readonly ScoredCustomer[]>,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    ...(typeof target === 'string' ? { filename: target } : { stream: target }),
    useSharedStrings: true,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('Scores');
  sheet.addRow(scoresXlsxHeader(reasons)).commit();
  let written = 0;
  for await (const page of pages) {
    for (const customer of page) {
      // Strings stay strings: exceljs types a cell by the JavaScript value, never by its text.
      sheet
        .addRow([
          String(customer.customerId),
          customer.score,
          String(customer.tier),
          customer.value,
          ...Array.from({ length: reasons }, (_, i) => customer.reasons[i]?.text ?? null),
        ])
        .commit();
      written++;
    }
  }
  sheet.commit();
  await workbook.commit();
  return written;
}

/** "risk-scores-<model>[-<tier>].xlsx", the model's name reduced to letters, digits and dashes. */
export function scoresFileName(modelName: string, tier: RiskTier | undefined, extension: string): string {
  const stem = modelName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'model';
  return `risk-scores-${stem}${tier ? `-${tier}` : ''}.${extension}`;
}

const pageSize = 5000;

/** risk.exportScores: the scored customers of a model (one tier, the list's order) as XLSX bytes. */
export async function exportRiskScoresTask(
  input: {
    project: string;
    model: number | string;
    tier?: RiskTier | undefined;
    sort: 'risk' | 'value';
    direction: 'asc' | 'desc';
    reasons: number;
  },
  ctx: TaskContext,
): Promise<{ fileName: string; rows: number; base64: string }> {
  const db = ctx.projects.get(input.project);
  const model = scoredModel(findRiskModel(db, input.model));
  const query = { tier: input.tier, sort: input.sort, direction: input.direction };
  async function* pages(): AsyncGenerator<readonly ScoredCustomer[]> {
    for (let offset = 0; ; offset += pageSize) {
      const page = readScorePage(db, model.id, { ...query, offset, limit: pageSize });
      if (page.customers.length > 0) yield page.customers;
      if (offset + pageSize >= page.total) return;
    }
  }
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const rows = await writeScoresXlsx(sink, input.reasons, pages());
  sink.end();
  return {
    fileName: scoresFileName(model.name, input.tier, 'xlsx'),
    rows,
    base64: Buffer.concat(chunks).toString('base64'),
  };
}
