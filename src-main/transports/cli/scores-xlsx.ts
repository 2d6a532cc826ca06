/** `tenure score --out scores.xlsx`: the same writer as risk.exportScores (services/tasks/risk-export.ts). */
export { scoresXlsxHeader, writeScoresXlsx } from '../../services/tasks/risk-export';
