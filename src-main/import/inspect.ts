import type { z } from 'zod';
import type { InspectedColumn, InspectRequest, InspectResponse } from '@shared/contract/import';
import { customerRoleOf } from '@shared/domain/datasets';
import { columnNames, isRepeatedHeader } from './columns';
import { detectParseOptions } from './detect';
import { fileEmpty, fileLabel, noDataRows } from './file-errors';
import { readRecords } from './records';
import { fileShape } from './shape';
import { guessKind, suggestMapping } from './suggest-mapping';
import { ColumnProfiler } from './type-inference';

/** Data rows the type guess looks at. The import itself re-infers types over the whole file. */
export const inspectSampleRows = 10_000;

/**
 * Everything the import wizard shows before importing: the detected options (with the request's
 * overrides applied), the first `previewRows` data rows with their line numbers, each column's
 * inferred type from the first 10,000 data rows, a suggested mapping to customer roles, and warnings.
 *
 * Reads only as far as it needs. Throws FILE_UNREADABLE, FILE_EMPTY, FILE_NOT_TEXT, PARSE_ERROR
 * (within the rows read) and NO_DATA_ROWS (a header and nothing else).
 */
export async function inspectFile(
  request: z.output<typeof InspectRequest>,
  project: InspectProject = {},
): Promise<InspectResponse> {
  const path = request.path;
  const { size, options, detected, warnings, format, sheets } = await detectParseOptions(
    path,
    request.options ?? {},
  );

  const sampleRows = Math.max(inspectSampleRows, request.previewRows);
  const preview: InspectResponse['preview'] = [];
  let header: string[] | null = null;
  let names: string[] | null = null;
  let profiler: ColumnProfiler | null = null;
  let dataRows = 0;
  let firstRagged: { line: number; fields: number } | null = null;
  let sampleIsWholeFile = true;
  for await (const record of readRecords(path, options)) {
    if (names === null) {
      names = columnNames(options.hasHeader ? record.fields : null, record.fields.length);
      profiler = new ColumnProfiler(names.length, options);
      if (options.hasHeader) {
        header = record.fields;
        continue;
      }
    }
    if (dataRows === sampleRows) {
      sampleIsWholeFile = false;
      break;
    }
    dataRows += 1;
    if (preview.length < request.previewRows) preview.push({ line: record.line, values: record.fields });
    if (record.fields.length !== names.length && firstRagged === null) {
      firstRagged = { line: record.line, fields: record.fields.length };
    }
    // The header again (exports joined together) is rejected on import; it must not make numbers text.
    if (header !== null && isRepeatedHeader(record.fields, header)) continue;
    (profiler as ColumnProfiler).observe(record.fields);
  }
  if (names === null || profiler === null) throw fileEmpty(path, 'only blank space');
  if (dataRows === 0) throw noDataRows(path);

  const profiles = profiler.result();
  const columns: InspectedColumn[] = names.map((name, index) => {
    const profile = profiles[index];
    if (profile === undefined) throw new Error(`no profile for column ${index}`);
    return {
      index,
      name,
      type: profile.type,
      typeReason: profile.typeReason,
      missing: profile.missing,
      distinct: profile.distinct,
      topValues: profile.topValues,
    };
  });

  warnings.push(...headerWarnings(header, names));
  if (firstRagged !== null) {
    const skipped = profiler.skippedRows;
    const rows = `${skipped.toLocaleString('en-US')} row${skipped === 1 ? '' : 's'}`;
    warnings.push(
      `${rows} of the first ${dataRows.toLocaleString('en-US')} ${skipped === 1 ? 'has' : 'have'} a different number of fields than the ${header ? 'header' : 'first row'} (${names.length}); the first is ${format === 'xlsx' ? 'row' : 'line'} ${firstRagged.line} with ${firstRagged.fields}. Such rows are rejected on import.`,
    );
  }
  const kind = request.kind ? { value: request.kind, reason: 'chosen by you' } : guessKind(columns);
  const suggestedMapping = suggestMapping(kind.value, columns);
  const customerRole = customerRoleOf(kind.value);
  if (suggestedMapping[customerRole] === undefined) {
    warnings.push(
      customerRole === 'id'
        ? 'No column looks like a customer id; choose the one that identifies each customer.'
        : 'No column looks like a customer id; choose the one that says whose row it is.',
    );
  } else if (customerRole === 'id') {
    const idColumn = columns.find((c) => c.name === suggestedMapping.id);
    if (idColumn && (idColumn.missing > 0 || (idColumn.topValues[0]?.count ?? 0) > 1)) {
      warnings.push(
        `The suggested id column "${idColumn.name}" has ${idColumn.missing > 0 ? 'missing' : 'repeated'} values in the sample; rows without an id or with a repeated id are rejected on import.`,
      );
    }
  }

  return {
    file: { path, name: fileLabel(path), size },
    options,
    detected,
    columns,
    preview,
    sampledRows: dataRows,
    sampleIsWholeFile,
    format,
    sheets,
    kind,
    suggestedMapping,
    remembered: project.remembered?.(fileShape(names)) ?? null,
    warnings,
  };
}

/** What inspect may ask of the project the file is for (the worker task passes it when a project is given). */
export interface InspectProject {
  /** The latest import into the project of a file with this shape (see shape.ts). */
  remembered?: (shape: string) => InspectResponse['remembered'];
}

function headerWarnings(header: string[] | null, names: string[]): string[] {
  if (header === null) return [];
  const warnings: string[] = [];
  const seen = new Map<string, number>();
  names.forEach((name, index) => {
    const raw = header[index]?.trim() ?? '';
    if (raw === '') {
      warnings.push(`Column ${index + 1} has no name in the header; it is called "${name}".`);
      return;
    }
    const count = (seen.get(raw) ?? 0) + 1;
    seen.set(raw, count);
    if (count > 1)
      warnings.push(
        `The header name "${raw}" appears more than once; column ${index + 1} is called "${name}".`,
      );
  });
  return warnings;
}
