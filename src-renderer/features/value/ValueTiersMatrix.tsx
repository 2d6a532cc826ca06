import { client } from '../../client';
import { formatCount } from '../../ui/format';
import { ErrorPanel, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import {
  formatMoney,
  highValueHighRisk,
  isHighValueHighRisk,
  riskTierOrder,
  tiersMatrix,
  type RiskTierName,
} from './value-model';

/**
 * Value × risk: CLV deciles (10 = top) down, churn-risk tiers across, customers and CLV per cell. The top
 * two deciles in the high-risk tier are the customers to call first, so they are highlighted.
 */
export function ValueTiersMatrix({
  project,
  model,
  refreshKey,
  onCell,
}: {
  project: string;
  model: number;
  refreshKey: string;
  onCell: (decile: number, tier: RiskTierName | null) => void;
}) {
  const tiers = useAsync(`${project}\u0000${model}\u0000${refreshKey}`, (signal) =>
    client.value.tiers({ project, model }, { signal }),
  );
  const result = tiers.data ?? tiers.previous;
  if (tiers.status === 'error')
    return (
      <ErrorPanel
        compact
        error={tiers.error}
        title="The value tiers could not be read"
        onRetry={tiers.reload}
      />
    );
  if (!result) return <Loading label="Reading the value tiers…" />;
  const rows = tiersMatrix(result);
  const columns: (RiskTierName | 'unscored')[] = result.riskModel
    ? [...riskTierOrder, 'unscored']
    : ['unscored'];
  const hot = highValueHighRisk(result);
  return (
    <section className="panel value-matrix" aria-labelledby="value-matrix-title" data-testid="value-tiers">
      <div className="panel-header">
        <h2 id="value-matrix-title" className="value-subtitle-small">
          Value × risk
        </h2>
      </div>
      <div className="panel-body">
        {result.riskModel ? (
          <p className="small muted">
            Risk tiers of “{result.riskModel}”.{' '}
            <strong className="value-hot-text">
              High value × high risk: {formatCount(hot.customers)} customers, CLV {formatMoney(hot.clv)}
            </strong>
            . Click a cell to list its customers.
          </p>
        ) : (
          <p className="callout callout-info small" data-testid="value-tiers-no-risk">
            No churn-risk model has scored these customers, so every customer is “unscored”. Score a model in
            Risk → Risk scores to cross value with risk.
          </p>
        )}
        {result.riskModel ? (
          <table className="figure-table value-matrix-table">
            <thead>
              <tr>
                <th scope="col">CLV decile</th>
                {columns.map((tier) => (
                  <th key={tier} scope="col">
                    {tier === 'unscored'
                      ? 'Not scored'
                      : `${tier.charAt(0).toUpperCase()}${tier.slice(1)} risk`}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.decile}>
                  <th scope="row">{row.decile === 10 ? '10 (top)' : row.decile}</th>
                  {columns.map((tier) => {
                    const cell = row.cells[tier];
                    const hotCell = isHighValueHighRisk(row.decile, tier);
                    return (
                      <td key={tier} className={hotCell ? 'value-hot' : undefined}>
                        <button
                          type="button"
                          className="value-cell-link"
                          disabled={cell.customers === 0}
                          onClick={() => onCell(row.decile, tier === 'unscored' ? null : tier)}
                          aria-label={`Decile ${row.decile}, ${tier}: ${cell.customers} customers, CLV ${formatMoney(cell.clv)}`}
                        >
                          <span className="num">{formatCount(cell.customers)}</span>
                          <span className="value-cell-clv num">{formatMoney(cell.clv)}</span>
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <table className="figure-table value-matrix-table">
            <thead>
              <tr>
                <th scope="col">CLV decile</th>
                <th scope="col">Customers</th>
                <th scope="col">Total CLV</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.decile}>
                  <th scope="row">{row.decile === 10 ? '10 (top)' : row.decile}</th>
                  <td>
                    <button
                      type="button"
                      className="value-cell-link"
                      disabled={row.cells.unscored.customers === 0}
                      onClick={() => onCell(row.decile, null)}
                      aria-label={`List the ${row.cells.unscored.customers} customers of decile ${row.decile}`}
                    >
                      {formatCount(row.cells.unscored.customers)}
                    </button>
                  </td>
                  <td>{formatMoney(row.cells.unscored.clv)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
