import type { DatasetSummary, InspectedColumn } from '@shared/contract/import';
import { ColumnType, TenureUnit } from '@shared/domain/columns';
import { datasetLabels, datasetRoles, type ImportMode } from '@shared/domain/datasets';
import { formatCount, plural } from '../../ui/format';
import { ChurnedReading } from './ChurnedReading';
import {
  allowedTypes,
  assignRole,
  assignRoleToColumn,
  assignType,
  attributeRole,
  churnedNeedsValues,
  churnedReading,
  columnWithRole,
  ignoreRole,
  roleHint,
  roleLabel,
  roleSpec,
  typeLabels,
  type MappingCheck,
  type MappingState,
} from './wizard-model';

/**
 * Step 3: what the columns mean. First the kind's roles, each with the column that fills it (required
 * ones marked); then every column with its role, the type it is read as and why. A role belongs to one
 * column and moves when given to another; other columns are attributes unless ignored. Questions the data
 * raises (tenure unit, which value means churned) and, when the dataset already has rows, whether to add
 * to them or replace them, are asked under the table.
 */
export function MapStep({
  columns,
  mapping,
  check,
  onChange,
  dataset,
  mode,
  onMode,
}: {
  columns: InspectedColumn[];
  mapping: MappingState;
  /** checkMapping(mapping, columns), which the wizard has already worked out for its footer. */
  check: MappingCheck;
  onChange: (mapping: MappingState) => void;
  /** What the project holds of this kind now (null when unknown or empty). */
  dataset: DatasetSummary | null;
  mode: ImportMode;
  onMode: (mode: ImportMode) => void;
}) {
  const { kind } = mapping;
  const tenureName = roleSpec(kind, 'tenure') ? columnWithRole(mapping, 'tenure') : undefined;
  const churnedName = roleSpec(kind, 'churned') ? columnWithRole(mapping, 'churned') : undefined;
  const churnedColumn = columns.find((column) => column.name === churnedName);
  const roleOptions = [...datasetRoles[kind].map((spec) => spec.role), attributeRole, ignoreRole];

  return (
    <div className="map-step">
      <section className="panel panel-body roles-panel" aria-labelledby="roles-title">
        <h3 id="roles-title">Roles of {datasetLabels[kind].title.toLowerCase()} data</h3>
        <div className="roles-grid">
          {datasetRoles[kind].map((spec) => {
            const holder = columnWithRole(mapping, spec.role);
            const id = `role-${spec.role}`;
            return (
              <div key={spec.role} className={holder ? 'role-card role-card-set' : 'role-card'}>
                <label className="field-label" htmlFor={id}>
                  {spec.label}
                  {spec.required ? (
                    <span className="badge badge-accent role-required">required</span>
                  ) : (
                    <span className="faint small"> optional</span>
                  )}
                </label>
                <select
                  id={id}
                  className={holder ? 'select select-small select-role-set' : 'select select-small'}
                  value={holder ?? ''}
                  aria-label={`Column for ${spec.label}`}
                  aria-describedby={`${id}-help`}
                  aria-invalid={spec.required && !holder ? true : undefined}
                  onChange={(event) =>
                    onChange(assignRoleToColumn(mapping, columns, spec.role, event.target.value || null))
                  }
                >
                  <option value="">{spec.required ? '— choose a column —' : '— none —'}</option>
                  {columns.map((column) => (
                    <option key={column.name} value={column.name}>
                      {column.name}
                    </option>
                  ))}
                </select>
                <span className="field-hint" id={`${id}-help`}>
                  {spec.help}
                </span>
              </div>
            );
          })}
        </div>
      </section>

      {(check.problems.length > 0 || check.warnings.length > 0) && (
        <div className="stack" aria-live="polite">
          {check.problems.length > 0 && (
            <div className="callout callout-info">
              <ul className="plain-list">
                {check.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </div>
          )}
          {check.warnings.length > 0 && (
            <div className="callout callout-warning">
              <ul className="plain-list">
                {check.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}

      <div className="map-scroll panel">
        <table className="map-table">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Role</th>
              <th scope="col">Read as</th>
              <th scope="col">Why this type</th>
              <th scope="col">Most frequent values</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column) => {
              const choice = mapping.choices[column.name];
              if (!choice) return null;
              const id = `map-${column.index}`;
              const allowed = allowedTypes(roleSpec(kind, choice.role));
              const typeChoices = allowed ?? ColumnType.options;
              const isRole = choice.role !== attributeRole && choice.role !== ignoreRole;
              return (
                <tr key={column.name} className={choice.role === ignoreRole ? 'map-row-ignored' : undefined}>
                  <th scope="row" id={`${id}-name`}>
                    <span className="map-column-name">{column.name}</span>
                    {column.missing > 0 && (
                      <span className="small faint num"> {formatCount(column.missing)} missing</span>
                    )}
                  </th>
                  <td>
                    <select
                      className={isRole ? 'select select-small select-role-set' : 'select select-small'}
                      value={choice.role}
                      aria-label={`Role of ${column.name}`}
                      title={roleHint(kind, choice.role)}
                      onChange={(event) =>
                        onChange(assignRole(mapping, columns, column.name, event.target.value))
                      }
                    >
                      {roleOptions.map((role) => (
                        <option key={role} value={role}>
                          {roleLabel(kind, role)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select
                      className="select select-small"
                      value={choice.type}
                      aria-label={`Type of ${column.name}`}
                      aria-describedby={`${id}-why`}
                      disabled={choice.role === ignoreRole || typeChoices.length === 1}
                      title={
                        typeChoices.length === 1
                          ? `The ${roleLabel(kind, choice.role)} is always read as ${typeLabels[typeChoices[0]!].toLowerCase()}`
                          : undefined
                      }
                      onChange={(event) =>
                        onChange(assignType(mapping, column.name, event.target.value as ColumnType))
                      }
                    >
                      {typeChoices.map((type) => (
                        <option key={type} value={type}>
                          {typeLabels[type]}
                          {type === column.type ? ' (detected)' : ''}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="small muted map-why" id={`${id}-why`} title={column.typeReason}>
                    {choice.type === column.type
                      ? column.typeReason
                      : `Detected ${typeLabels[column.type].toLowerCase()}: ${column.typeReason}`}
                  </td>
                  <td className="map-values">
                    <TopValues column={column} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {tenureName && (
        <fieldset className="panel panel-body map-question">
          <legend>In which unit does “{tenureName}” count tenure?</legend>
          <div className="segmented" role="radiogroup" aria-label="Tenure unit">
            {TenureUnit.options.map((unit) => (
              <label key={unit} className={mapping.tenureUnit === unit ? 'segment segment-on' : 'segment'}>
                <input
                  type="radio"
                  name="tenure-unit"
                  value={unit}
                  checked={mapping.tenureUnit === unit}
                  onChange={() => onChange({ ...mapping, tenureUnit: unit })}
                />
                {unit}
              </label>
            ))}
          </div>
        </fieldset>
      )}

      {churnedColumn && <ChurnedQuestion column={churnedColumn} mapping={mapping} onChange={onChange} />}

      {dataset && dataset.rows > 0 && <ModeChoice dataset={dataset} mode={mode} onMode={onMode} />}
    </div>
  );
}

/** Append or replace, each said in one sentence with the numbers of this project. */
function ModeChoice({
  dataset,
  mode,
  onMode,
}: {
  dataset: DatasetSummary;
  mode: ImportMode;
  onMode: (mode: ImportMode) => void;
}) {
  const labels = datasetLabels[dataset.kind];
  const held = plural(dataset.rows, labels.one, labels.many);
  const choices: { value: ImportMode; title: string; text: string }[] = [
    {
      value: 'append',
      title: 'Add to them',
      text: `The ${held} stay, and this file’s rows are added (for next month’s export of the same data).`,
    },
    {
      value: 'replace',
      title: 'Replace them',
      text: `The ${held} are removed and this file’s rows take their place (for a fresh full export).`,
    },
  ];
  return (
    <fieldset className="panel panel-body map-question mode-choice">
      <legend>
        The project already has {held}
        {dataset.activeImports > 1 ? ` from ${dataset.activeImports} imports` : ''}. What should this file do?
      </legend>
      <div className="mode-options">
        {choices.map((choice) => (
          <label
            key={choice.value}
            className={mode === choice.value ? 'mode-option mode-option-on' : 'mode-option'}
          >
            <input
              type="radio"
              name="import-mode"
              value={choice.value}
              checked={mode === choice.value}
              onChange={() => onMode(choice.value)}
            />
            <span>
              <strong>{choice.title}</strong>
              <span className="small muted mode-option-text">{choice.text}</span>
            </span>
          </label>
        ))}
      </div>
      <p className="small faint">Either way the import can be undone on the Imports page.</p>
    </fieldset>
  );
}

function TopValues({ column }: { column: InspectedColumn }) {
  if (column.topValues.length === 0) return <span className="faint">—</span>;
  const shown = column.topValues.slice(0, 5);
  const more = column.distinct - shown.length;
  return (
    <span className="top-values">
      {shown.map((top) => (
        <span key={top.value} className="top-value" title={`${formatCount(top.count)} rows`}>
          {top.value}
        </span>
      ))}
      {more > 0 && (
        <span className="faint small num">
          {column.distinct >= 1000 ? 'and many more' : `+${formatCount(more)} more`}
        </span>
      )}
    </span>
  );
}

function ChurnedQuestion({
  column,
  mapping,
  onChange,
}: {
  column: InspectedColumn;
  mapping: MappingState;
  onChange: (mapping: MappingState) => void;
}) {
  if (!churnedNeedsValues(column)) {
    return (
      <p className="small muted map-churned-reading">
        “{column.name}” reads as a yes/no flag: <ChurnedReading {...churnedReading(column)} />
      </p>
    );
  }
  const toggle = (value: string, on: boolean) =>
    onChange({
      ...mapping,
      churnedValues: on
        ? [...mapping.churnedValues, value]
        : mapping.churnedValues.filter((v) => v !== value),
    });
  return (
    <fieldset className="panel panel-body map-question">
      <legend>Which value(s) of “{column.name}” mean the customer churned?</legend>
      <p className="small muted">
        Its values are not plain yes/no, so Tenure needs to be told. (In R’s lung data, for example, status 2
        means the event happened.) Rows with other values count as still a customer.
      </p>
      <div className="churned-values">
        {column.topValues.map((top) => (
          <label key={top.value} className="checkbox churned-value">
            <input
              type="checkbox"
              checked={mapping.churnedValues.includes(top.value)}
              onChange={(event) => toggle(top.value, event.target.checked)}
            />
            <span className="mono">{top.value}</span>
            <span className="faint small num">{formatCount(top.count)} rows</span>
          </label>
        ))}
      </div>
      {column.distinct > column.topValues.length && (
        <p className="small faint">
          Only the {column.topValues.length} most frequent values are listed; a churned flag usually has two
          or three.
        </p>
      )}
    </fieldset>
  );
}
