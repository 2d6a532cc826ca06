import { describe, expect, it } from 'vitest';
import type { ChurnDefinitionState } from '@shared/contract/churn';
import { draftChanges, draftFromState, settingFromDraft, windowToMark } from './definition-model';

// The CDNOW purchase log (resources/samples/cdnow_transactions.csv) as the page sees it, numbers rounded.
const cdnow: ChurnDefinitionState = {
  setting: { definition: null, asOf: null },
  applied: {
    definition: { kind: 'non-contractual', inactivityDays: null },
    graceDays: null,
    inactivityDays: 270,
    asOf: '1998-06-30',
    asOfSource: 'data',
    summary: 'Churned = no order for 270 days before 1998-06-30.',
    explanation: '90% of repeat orders came within 270 days of the one before.',
  },
  options: [
    { kind: 'flag', available: false, note: 'needs a churned column in the customer table' },
    { kind: 'contractual', available: false, note: 'needs a subscriptions dataset' },
    { kind: 'non-contractual', available: true, note: 'from 46,089 gaps between orders' },
  ],
  interPurchase: {
    gaps: 46089,
    customersWithRepeatOrders: 11670,
    median: 56,
    p75: 141,
    p90: 269.4,
    p95: 335,
    histogram: [],
  },
  customers: 23570,
  churned: 17034,
};

describe('churn definition form', () => {
  it('starts from the setting, with numbers from what is applied', () => {
    expect(draftFromState(cdnow)).toEqual({
      kind: 'default',
      graceDays: '30',
      inactivity: 'auto',
      inactivityDays: '270',
      asOf: '',
    });
    const fixed = {
      ...cdnow,
      setting: { definition: { kind: 'non-contractual' as const, inactivityDays: 180 }, asOf: '1998-01-01' },
    };
    expect(draftFromState(fixed)).toMatchObject({
      kind: 'non-contractual',
      inactivity: 'fixed',
      inactivityDays: '180',
      asOf: '1998-01-01',
    });
  });

  it('turns the form into a setting, or says what is wrong', () => {
    const draft = draftFromState(cdnow);
    expect(settingFromDraft(draft)).toEqual({ setting: { definition: null, asOf: null } });
    expect(settingFromDraft({ ...draft, kind: 'contractual', graceDays: '45' })).toEqual({
      setting: { definition: { kind: 'contractual', graceDays: 45 }, asOf: null },
    });
    expect(
      settingFromDraft({
        ...draft,
        kind: 'non-contractual',
        inactivity: 'fixed',
        inactivityDays: '180',
        asOf: '1998-03-31',
      }),
    ).toEqual({
      setting: { definition: { kind: 'non-contractual', inactivityDays: 180 }, asOf: '1998-03-31' },
    });
    expect(settingFromDraft({ ...draft, kind: 'non-contractual', inactivity: 'auto' })).toEqual({
      setting: { definition: { kind: 'non-contractual', inactivityDays: null }, asOf: null },
    });
    expect(settingFromDraft({ ...draft, kind: 'contractual', graceDays: '-1' })).toEqual({
      problem: 'The grace period must be a whole number of days from 0 to 3650.',
    });
    expect(
      settingFromDraft({ ...draft, kind: 'non-contractual', inactivity: 'fixed', inactivityDays: '0' }),
    ).toHaveProperty('problem');
    expect(settingFromDraft({ ...draft, asOf: '30.06.1998' })).toHaveProperty('problem');
  });

  it('knows when there is something to save', () => {
    const draft = draftFromState(cdnow);
    expect(draftChanges(draft, cdnow.setting)).toBe(false);
    expect(draftChanges({ ...draft, asOf: '1998-01-31' }, cdnow.setting)).toBe(true);
  });

  it('marks the window in force, or the one typed', () => {
    const draft = draftFromState(cdnow);
    expect(windowToMark(draft, cdnow)).toBe(270);
    expect(
      windowToMark({ ...draft, kind: 'non-contractual', inactivity: 'fixed', inactivityDays: '120' }, cdnow),
    ).toBe(120);
    expect(windowToMark({ ...draft, kind: 'flag' }, cdnow)).toBeNull();
  });
});
