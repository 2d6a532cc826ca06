import { shownNumber, type KindSpec } from './spec';

/** Scores are NPS (0–10) or CSAT (1–5, or 1–10): anything outside 0–10 is another scale or a typo. */
export const feedbackSpec: KindSpec = {
  kind: 'feedback',
  check(roles) {
    const score = roles.score;
    if (typeof score === 'number' && (score < 0 || score > 10)) {
      return {
        code: 'score_out_of_range',
        role: 'score',
        reason: `score ${shownNumber(score)} is outside 0–10 (NPS is 0–10, CSAT 1–5)`,
      };
    }
    return null;
  },
};
