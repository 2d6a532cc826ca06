import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '@shared/contract';
import { AppError } from '@shared/errors';
import { createServices, type Services } from '../../src-main/services';
import { createDispatch } from '../../src-main/transports/dispatch';
import { testEnvironment } from './real-services';
import { telcoCsv } from '../support/datasets';

/**
 * The retention analyses through the real services, in-process (dispatch validates every request and
 * response against the contract; the work runs in the queries worker): churn drivers on telco against
 * R's figures (tests/golden/drivers/telco-drivers.json).
 */
let dir: string;
let services: Services;
let client: Client;

beforeAll(() => {
  const test = testEnvironment('cli');
  dir = test.dir;
  services = createServices(test.environment);
  const dispatch = createDispatch(services.handlers);
  client = createClient(async (name, request, options) => {
    const result = await dispatch(name, request, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    if (!result.ok) throw AppError.fromData(result.error);
    return result.value;
  });
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('drivers.list on telco (R: tests/golden/drivers/drivers.R)', () => {
  const golden = JSON.parse(readFileSync(resolve('tests/golden/drivers/telco-drivers.json'), 'utf8')) as {
    categorical: Record<string, { chisq: { statistic: number; df: number; p: number }; cramers_v: number }>;
    numeric: Record<string, { wilcox: { W: number; p: number }; chisq: { statistic: number } }>;
  };
  const project = () => join(dir, 'telco.tenure');

  it("ranks Contract first or near the top, with R's chi-square, and leaves the id and the flag out", async () => {
    await client.project.create({ path: project() });
    await client.import.run({
      project: project(),
      path: telcoCsv,
      kind: 'customers',
      mapping: { id: 'customer_id', churned: 'Churn' },
    });
    const result = await client.drivers.list({ project: project() });
    expect(result).toMatchObject({ customers: 7043, churned: 1869 });
    expect(result.baseRate).toBeCloseTo(1869 / 7043, 12);
    expect(result.definition.summary).toBeTruthy();
    const names = result.drivers.map((driver) => driver.name);
    expect(names).not.toContain('customer_id');
    expect(names).not.toContain('Churn');
    const contract = result.drivers.find((driver) => driver.name === 'Contract');
    expect(contract?.rank).toBeLessThanOrEqual(3);
    const reference = golden.categorical.Contract!;
    expect(contract?.test).toMatchObject({ method: 'chi-square', df: reference.chisq.df });
    expect(relative(contract!.test!.statistic, reference.chisq.statistic)).toBeLessThan(1e-9);
    expect(relative(contract!.test!.p, reference.chisq.p)).toBeLessThan(1e-9);
    expect(relative(contract!.cramersV!, reference.cramers_v)).toBeLessThan(1e-9);
    expect(contract?.groups.map((group) => group.label)).toEqual(['Month-to-month', 'Two year', 'One year']);

    const tenure = result.drivers.find((driver) => driver.name === 'tenure');
    expect(tenure?.test).toMatchObject({
      method: 'mann-whitney',
      statistic: golden.numeric.tenure!.wilcox.W,
    });
    expect(relative(tenure!.binnedChiSquare!.statistic, golden.numeric.tenure!.chisq.statistic)).toBeLessThan(
      1e-9,
    );
    const totalCharges = result.drivers.find((driver) => driver.name === 'TotalCharges');
    expect(totalCharges?.missing).toBe(11);
    // Ranks are 1..n, in order.
    expect(result.drivers.map((driver) => driver.rank)).toEqual(result.drivers.map((_, index) => index + 1));
    for (const driver of result.drivers) {
      for (const group of driver.groups) {
        expect(group.lower).toBeLessThanOrEqual(group.share);
        expect(group.upper).toBeGreaterThanOrEqual(group.share);
      }
    }
  });
});
