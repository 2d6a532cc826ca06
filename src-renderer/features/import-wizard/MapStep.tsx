import type { InspectedColumn } from '@shared/contract/import';
import { ColumnType, CustomerRole, TenureUnit } from '@shared/domain/columns';
import { formatCount } from '../../ui/format';
import { ChurnedReading } from './ChurnedReading';
import {
  assignRole,
  assignType,
  churnedNeedsValues,
  churnedReading,
  columnWithRole,
  roleHints,
  roleLabels,
  typeLabels,
  type MappingCheck,
  type MappingState,
} from './wizard-model';

/**
 * Step 3: what each column means. Roles that belong to one column (ID, churned flag, tenure, start, end)
 * move when given to another column; everything else is an attribute unless ignored. Questions the
 * data raises (tenure unit, which value means churned) are asked right under the table.
 */
export function MapStep({
  columns,
  mapping,
  check,
  onChange,
}: {
  columns: InspectedColumn[];
  mapping: MappingState;
  /** checkMapping(mapping, columns), which the wizard has already worked out for its footer. */
  check: MappingCheck;
  onChange: (mapping: MappingState) => void;
}) {
  const tenureName = columnWithRole(mapping, 'tenure');
  const churnedName = columnWithRole(mapping, 'churned');
  const churnedColumn = columns.find((column) => column.name === churnedName);

  return (
    <div className="map-step">
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
              return (
                <tr key={column.name} className={choice.role === 'ignore' ? 'map-row-ignored' : undefined}>
                  <th scope="row" id={`${id}-name`}>
                    <span className="map-column-name">{column.name}</span>
                    {column.missing > 0 && (
                      <span className="small faint num"> {formatCount(column.missing)} missing</span>
                    )}
                  </th>
                  <td>
                    <select
                      className={
                        choice.role === 'attribute' || choice.role === 'ignore'
                          ? 'select select-small'
                          : 'select select-small select-role-set'
                      }
                      value={choice.role}
                      aria-label={`Role of ${column.name}`}
                      title={roleHints[choice.role]}
                      onChange={(event) =>
                        onChange(assignRole(mapping, column.name, event.target.value as CustomerRole))
                      }
                    >
                      {CustomerRole.options.map((role) => (
                        <option key={role} value={role}>
                          {roleLabels[role]}
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
                      disabled={choice.role === 'ignore'}
                      onChange={(event) =>
                        onChange(assignType(mapping, column.name, event.target.value as ColumnType))
                      }
                    >
                      {ColumnType.options.map((type) => (
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
    </div>
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
