/**
 * An in-memory stand-in for Tenure's services behind the loopback bridge, for renderer tests that need
 * states real data cannot easily produce (a million customers, failures on demand) and that must not
 * depend on the main process. It speaks the bridge's wire format (bridge.ts): POST /api/call/<channel>,
 * answered as an event stream of `progress` events and one `result`. Playwright routes the page's
 * requests to it, and serves the built renderer from out/renderer.
 *
 * It is deliberately simple — types are guessed crudely, filters cover what the tests use — and is no
 * reference for the real services.
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Page, Route } from '@playwright/test';
import type { CallResult } from '../../../src-shared/bridge';
import { bridge, serverEvent } from '../../../src-shared/bridge';
import type { ChannelName, RequestOf, ResponseOf } from '../../../src-shared/contract';
import type { CustomerColumn, CustomerFilter } from '../../../src-shared/contract/customers';
import type { ImportReport, InspectedColumn } from '../../../src-shared/contract/import';
import type { CellValue, ColumnType } from '../../../src-shared/domain/columns';
import type { AppErrorData } from '../../../src-shared/errors';
import { csvOptions } from '../../support/parse-options';

export const fakeOrigin = 'http://127.0.0.1:47811';
export const fakeToken = 'fake-token-for-tests';
const root = join(import.meta.dirname, '..', '..', '..');
const rendererDir = join(root, 'out', 'renderer');
const samplePath = join(root, 'resources', 'samples', 'telco_churn.csv');
const projectsDir = '/home/ana/Documents/Tenure';

type Row = Record<string, CellValue>;

export interface FakeProject {
  path: string;
  name: string;
  createdAt: string;
  columns: CustomerColumn[];
  /** Either real rows or a generator for a very large synthetic table. */
  rows: Row[] | { count: number; row: (index: number) => Row };
  lastImport: ResponseOf<'project.info'>['lastImport'];
}

type Handler = (request: never, progress: (p: unknown) => void) => unknown;

export interface FakeOptions {
  /** Channels that answer with this error instead (e.g. to show error states). */
  failures?: Partial<Record<ChannelName, AppErrorData>>;
  /** Pretend projects already on disk, by path. */
  projects?: FakeProject[];
  recent?: ResponseOf<'project.recent'>['projects'];
}

export class FakeTenure {
  readonly projects = new Map<string, FakeProject>();
  /** Every call the page made, for assertions. */
  readonly calls: { channel: string; request: unknown }[] = [];
  recent: ResponseOf<'project.recent'>['projects'];
  private readonly failures: Partial<Record<ChannelName, AppErrorData>>;

  constructor(options: FakeOptions = {}) {
    this.failures = options.failures ?? {};
    for (const project of options.projects ?? []) this.projects.set(project.path, project);
    this.recent = options.recent ?? [];
  }

  async attach(page: Page): Promise<void> {
    await page.route(`${fakeOrigin}/**`, (route) => this.serve(route));
  }

  url(fragment = ''): string {
    return `${fakeOrigin}/#token=${fakeToken}${fragment}`;
  }

  private async serve(route: Route): Promise<void> {
    const request = route.request();
    const url = new URL(request.url());
    if (url.pathname.startsWith(bridge.callPath)) {
      const channel = url.pathname.slice(bridge.callPath.length) as ChannelName;
      if (request.headers()[bridge.tokenHeader] !== fakeToken) {
        return route.fulfill({
          status: 401,
          json: { ok: false, error: { code: 'UNAUTHORIZED', message: 'Wrong token.' } },
        });
      }
      const body: unknown = request.postDataJSON() ?? {};
      this.calls.push({ channel, request: body });
      const events: string[] = [];
      let result: CallResult;
      try {
        const failure = this.failures[channel];
        if (failure) throw failure;
        const value = await this.handlers[channel](body as never, (progress) =>
          events.push(serverEvent(bridge.events.progress, progress)),
        );
        result = { ok: true, value };
      } catch (error) {
        result = { ok: false, error: error as AppErrorData };
      }
      events.push(serverEvent(bridge.events.result, result));
      return route.fulfill({ status: 200, contentType: 'text/event-stream', body: events.join('') });
    }
    if (url.pathname === bridge.filesPath) {
      const name = decodeURIComponent(request.headers()[bridge.fileNameHeader] ?? 'upload.csv');
      return route.fulfill({ json: { ok: true, value: { path: `/tmp/staging/${name}` } } });
    }
    const file = url.pathname === '/' ? '/index.html' : url.pathname;
    try {
      const body = await readFile(join(rendererDir, file));
      const types: Record<string, string> = {
        '.html': 'text/html',
        '.js': 'text/javascript',
        '.css': 'text/css',
      };
      return route.fulfill({ body, contentType: types[extname(file)] ?? 'application/octet-stream' });
    } catch {
      return route.fulfill({ status: 404, body: 'not found' });
    }
  }

  private project(path: string): FakeProject {
    const project = this.projects.get(path);
    if (!project)
      throw { code: 'NOT_FOUND', message: `There is no project at ${path}.` } satisfies AppErrorData;
    return project;
  }

  /** Puts a project at the top of the recent list, as the real service does on create and open. */
  private remember(project: FakeProject): void {
    this.recent = [
      { path: project.path, name: project.name, lastOpenedAt: new Date().toISOString(), exists: true },
      ...this.recent.filter((entry) => entry.path !== project.path),
    ];
  }

  private info(project: FakeProject): ResponseOf<'project.info'> {
    return {
      path: project.path,
      name: project.name,
      createdAt: project.createdAt,
      schemaVersion: 1,
      customers: rowCount(project),
      lastImport: project.lastImport,
    };
  }

  private readonly handlers: {
    [N in ChannelName]: (request: RequestOf<N>, progress: (p: unknown) => void) => unknown;
  } & Record<string, Handler> = {
    'app.info': () => ({ name: 'Tenure', version: '0.1.0', mode: 'browser', projectsDir }),
    'app.samples': () => ({
      samples: [
        {
          id: 'telco',
          title: 'IBM Telco customer churn',
          description: '7,043 customers of a fictional telecom company.',
          path: samplePath,
          rows: 7043,
          attribution: 'IBM sample data via the R package modeldata (MIT).',
          suggestedMapping: { id: 'customer_id', churned: 'Churn', tenure: 'tenure' },
          tenureUnit: 'months',
        },
      ],
    }),
    'project.recent': () => ({ projects: this.recent, projectsDir }),
    'project.forget': (request) => {
      this.recent = this.recent.filter((project) => project.path !== request.path);
      return { projects: this.recent };
    },
    'project.create': (request) => {
      if (this.projects.has(request.path)) {
        throw { code: 'ALREADY_EXISTS', message: `${request.path} already exists.` } satisfies AppErrorData;
      }
      const project: FakeProject = {
        path: request.path,
        name: request.name ?? request.path,
        createdAt: new Date().toISOString(),
        columns: [],
        rows: [],
        lastImport: null,
      };
      this.projects.set(request.path, project);
      this.remember(project);
      return this.info(project);
    },
    'project.open': (request) => {
      const project = this.project(request.path);
      this.remember(project);
      return this.info(project);
    },
    'project.info': (request) => this.info(this.project(request.project)),
    'import.inspect': async (request) => inspect(await readTable(request.path), request.path),
    'import.run': async (request, progress) => {
      const table = await readTable(request.path);
      const project = this.project(request.project);
      const { columns, options, file } = inspect(table, request.path);
      for (let done = 0; done <= table.rows.length; done += 1000) {
        progress({ phase: 'read', label: 'Reading rows', done, total: table.rows.length, unit: 'rows' });
      }
      const churnedName = request.mapping.churned;
      const rows: Row[] = table.rows.map((values) => {
        const row: Row = {};
        columns.forEach((column, index) => {
          const raw = values[index] ?? '';
          row[column.name] = cell(raw, column.type, column.name === churnedName);
        });
        return row;
      });
      const report: ImportReport = {
        importId: request.dryRun ? null : (project.lastImport?.id ?? 0) + 1,
        dryRun: request.dryRun ?? false,
        file: { ...file, sha256: 'fake' },
        options,
        rowsRead: rows.length,
        imported: rows.length,
        replaced: rowCount(project),
        rejectedCount: 0,
        rejected: [],
        rejectedTruncated: false,
        rejectionSummary: [],
        columns: columns.map((column) => ({
          name: column.name,
          type: column.type,
          role: roleOf(column.name, request.mapping),
          missing: column.missing,
          ...(column.name === request.mapping.tenure && request.tenureUnit
            ? { unit: request.tenureUnit }
            : {}),
        })),
        churnedValues: churnedName ? { churned: ['Yes'], active: ['No'] } : undefined,
        durationMs: 812,
      };
      if (!request.dryRun) {
        project.columns = report.columns.map((column) => ({
          key: column.name,
          name: column.name,
          type: column.type,
          role: column.role,
          ...(column.unit ? { unit: column.unit } : {}),
        }));
        project.rows = rows;
        project.lastImport = {
          id: report.importId!,
          kind: 'customers',
          fileName: report.file.name,
          finishedAt: new Date().toISOString(),
          imported: rows.length,
          rejected: 0,
        };
      }
      return report;
    },
    'customers.columns': (request) => ({ columns: this.project(request.project).columns }),
    'customers.page': (request) => {
      const project = this.project(request.project);
      const source = project.rows;
      if (!Array.isArray(source)) {
        // Synthetic tables are served unsorted and unfiltered: they exist to test scrolling.
        const end = Math.min(source.count, request.offset + request.limit);
        const rows: Row[] = [];
        for (let index = request.offset; index < end; index++) rows.push(source.row(index));
        return { total: source.count, offset: request.offset, rows };
      }
      let rows = source.filter((row) => (request.filters ?? []).every((filter) => matches(row, filter)));
      if (request.search)
        rows = rows.filter((row) => String(row[project.columns[0]!.key]).includes(request.search!));
      if (request.sort) {
        const { key, direction } = request.sort;
        const sign = direction === 'asc' ? 1 : -1;
        rows = [...rows].sort((a, b) => sign * compare(a[key] ?? null, b[key] ?? null));
      }
      return {
        total: rows.length,
        offset: request.offset,
        rows: rows.slice(request.offset, request.offset + request.limit),
      };
    },
    'overview.get': (request) => {
      const project = this.project(request.project);
      const rows = Array.isArray(project.rows) ? project.rows : [];
      const churnedKey = project.columns.find((column) => column.role === 'churned')?.key;
      const churned = churnedKey ? rows.filter((row) => row[churnedKey] === true).length : null;
      const tenureKey = project.columns.find((column) => column.role === 'tenure')?.key;
      const tenures = tenureKey ? rows.map((row) => Number(row[tenureKey])).sort((a, b) => a - b) : [];
      return {
        customers: rowCount(project),
        churned,
        churnShare: churned === null || rows.length === 0 ? null : churned / rows.length,
        churnBasis: churnedKey ? `churned flag “${churnedKey}”` : null,
        tenure: tenures.length
          ? {
              median: tenures[Math.floor(tenures.length / 2)]!,
              unit: 'months',
              basis: 'tenure column',
              customers: tenures.length,
            }
          : null,
        asOf: null,
        attributes: project.columns
          .filter((column) => column.role === 'attribute')
          .map((column) => ({ key: column.key, name: column.name, type: column.type })),
      };
    },
    'overview.churnBy': (request) => {
      const project = this.project(request.project);
      const rows = Array.isArray(project.rows) ? project.rows : [];
      const churnedKey = project.columns.find((column) => column.role === 'churned')!.key;
      const column = project.columns.find((c) => c.key === request.key)!;
      const groups = new Map<string, { customers: number; churned: number }>();
      for (const row of rows) {
        const label = row[request.key] === null ? 'Missing' : String(row[request.key]);
        const group = groups.get(label) ?? { customers: 0, churned: 0 };
        group.customers++;
        if (row[churnedKey] === true) group.churned++;
        groups.set(label, group);
      }
      const churned = rows.filter((row) => row[churnedKey] === true).length;
      return {
        key: column.key,
        name: column.name,
        type: column.type,
        grouping: `${groups.size} values`,
        groups: [...groups].map(([label, group]) => ({
          label,
          ...group,
          share: group.churned / group.customers,
        })),
        baseRate: churned / rows.length,
      };
    },
  };
}

function rowCount(project: FakeProject): number {
  return Array.isArray(project.rows) ? project.rows.length : project.rows.count;
}

function roleOf(name: string, mapping: Record<string, string | undefined>): CustomerColumn['role'] {
  for (const [role, column] of Object.entries(mapping))
    if (column === name) return role as CustomerColumn['role'];
  return 'attribute';
}

interface Table {
  header: string[];
  rows: string[][];
}

const tables = new Map<string, Table>();

async function readTable(path: string): Promise<Table> {
  const cached = tables.get(path);
  if (cached) return cached;
  const text = await readFile(path.startsWith('/tmp/staging/') ? samplePath : path, 'utf8');
  const lines = text.split(/\r?\n/).filter(Boolean).map(splitLine);
  const table = { header: lines[0] ?? [], rows: lines.slice(1) };
  tables.set(path, table);
  return table;
}

/** Splits one CSV line with double quotes (enough for the sample, which has no quoted newlines). */
function splitLine(line: string): string[] {
  const values: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      values.push(current);
      current = '';
    } else current += char;
  }
  values.push(current);
  return values;
}

function guessType(values: string[]): ColumnType {
  const present = values.filter((value) => value !== '' && value !== 'NA');
  if (present.every((value) => /^-?\d+$/.test(value))) return 'integer';
  if (present.every((value) => /^-?\d+(\.\d+)?$/.test(value))) return 'decimal';
  if (present.every((value) => /^(yes|no)$/i.test(value))) return 'boolean';
  return new Set(present).size <= 20 ? 'category' : 'text';
}

function inspect(table: Table, path: string): ResponseOf<'import.inspect'> {
  const columns: InspectedColumn[] = table.header.map((name, index) => {
    const values = table.rows.map((row) => row[index] ?? '');
    const counts = new Map<string, number>();
    for (const value of values)
      if (value !== '' && value !== 'NA') counts.set(value, (counts.get(value) ?? 0) + 1);
    const type = guessType(values);
    return {
      index,
      name,
      type,
      typeReason: `all ${values.length} values fit ${type}`,
      missing: values.filter((value) => value === '' || value === 'NA').length,
      distinct: Math.min(counts.size, 1000),
      topValues: [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([value, count]) => ({ value, count })),
    };
  });
  return {
    file: { path, name: path.split('/').pop() ?? path, size: 977_501 },
    options: csvOptions({ missing: ['NA', 'N/A', 'NULL'] }),
    detected: {
      encoding: { value: 'utf-8', reason: 'valid UTF-8, no byte-order mark' },
      delimiter: { value: ',', reason: 'the same number of commas (20) on every sampled line' },
      hasHeader: { value: true, reason: 'the first row is all text, the rows below are not' },
      decimal: { value: '.', reason: 'numbers like 29.85' },
      dateOrder: { value: 'ymd', reason: 'no dates with / or . found; ISO assumed' },
    },
    columns,
    preview: table.rows.slice(0, 100).map((values, index) => ({ line: index + 2, values })),
    sampledRows: table.rows.length,
    sampleIsWholeFile: true,
    suggestedMapping: { id: 'customer_id', churned: 'Churn' },
    warnings: [],
  };
}

function cell(raw: string, type: ColumnType, isChurned: boolean): CellValue {
  if (raw === '' || raw === 'NA') return null;
  if (isChurned || type === 'boolean') return /^yes$/i.test(raw);
  if (type === 'integer' || type === 'decimal') return Number(raw);
  return raw;
}

function compare(a: CellValue, b: CellValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function matches(row: Row, filter: CustomerFilter): boolean {
  const value = row[filter.key] ?? null;
  switch (filter.op) {
    case 'contains':
      return value !== null && String(value).toLowerCase().includes(filter.value.toLowerCase());
    case 'eq':
      return value === filter.value;
    case 'neq':
      return value !== filter.value;
    case 'lt':
      return value !== null && value < filter.value;
    case 'lte':
      return value !== null && value <= filter.value;
    case 'gt':
      return value !== null && value > filter.value;
    case 'gte':
      return value !== null && value >= filter.value;
    case 'missing':
      return value === null;
    case 'present':
      return value !== null;
  }
}

/** A project with `count` synthetic customers, generated on demand (for scrolling a million rows). */
export function syntheticProject(path: string, count: number): FakeProject {
  const plans = ['Basic', 'Standard', 'Premium'];
  return {
    path,
    name: 'A million customers',
    createdAt: '2025-01-01T00:00:00.000Z',
    columns: [
      { key: 'id', name: 'id', type: 'text', role: 'id' },
      { key: 'plan', name: 'plan', type: 'category', role: 'attribute' },
      { key: 'months', name: 'months', type: 'integer', role: 'tenure', unit: 'months' },
      { key: 'churned', name: 'churned', type: 'boolean', role: 'churned' },
    ],
    rows: {
      count,
      row: (index) => ({
        id: `C${String(index + 1).padStart(7, '0')}`,
        plan: plans[index % 3]!,
        months: (index * 7) % 72,
        churned: index % 4 === 0,
      }),
    },
    lastImport: {
      id: 1,
      kind: 'customers',
      fileName: 'million.csv',
      finishedAt: '2025-01-01T00:00:00.000Z',
      imported: count,
      rejected: 0,
    },
  };
}
