import { useId, useState } from 'react';
import type { BtydModelKind, FitRequest, TimeUnit } from '@shared/contract/value';
import { clvFromInputs } from './value-model';
import { NumberField } from './NumberField';

export type FitSettings = Omit<FitRequest, 'project' | 'name'>;

/** The purchase-model form: model, calibration end, unit, what predictions use, CLV inputs, and Fit. */
export function FitForm({
  running,
  dataRange,
  onFit,
}: {
  running: boolean;
  /** The data's first and last purchase, known once a fit exists. */
  dataRange: { first: string; last: string } | null;
  onFit: (settings: FitSettings) => void;
}) {
  const id = useId();
  const [model, setModel] = useState<BtydModelKind>('bgnbd');
  const [calibrationEnd, setCalibrationEnd] = useState('');
  const [unit, setUnit] = useState<TimeUnit>('week');
  const [predictFrom, setPredictFrom] = useState<FitSettings['predictFrom']>('all-data');
  const [margin, setMargin] = useState('30');
  const [discount, setDiscount] = useState('10');
  const [horizon, setHorizon] = useState('12');
  const clv = clvFromInputs(margin, discount, horizon);

  return (
    <form
      className="panel value-fit-form"
      aria-label="Fit a purchase model"
      onSubmit={(event) => {
        event.preventDefault();
        if (!clv) return;
        onFit({ model, unit, predictFrom, clv, ...(calibrationEnd ? { calibrationEnd } : {}) });
      }}
    >
      <div className="value-form-grid">
        <label className="field">
          <span className="field-label">Model</span>
          <select
            className="select"
            value={model}
            onChange={(event) => setModel(event.target.value as BtydModelKind)}
            data-testid="fit-model"
          >
            <option value="bgnbd">BG/NBD (Fader, Hardie &amp; Lee 2005)</option>
            <option value="pareto">Pareto/NBD (Schmittlein, Morrison &amp; Colombo 1987)</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">Calibration ends on</span>
          <input
            type="date"
            className="input"
            value={calibrationEnd}
            onChange={(event) => setCalibrationEnd(event.target.value)}
            aria-describedby={`${id}-calibration`}
            data-testid="fit-calibration-end"
          />
          <span className="field-hint" id={`${id}-calibration`}>
            Empty: half-way through the data. The rest is the hold-out the fit is checked on.
            {dataRange && ` Data: ${dataRange.first} to ${dataRange.last}.`}
          </span>
        </label>
        <label className="field">
          <span className="field-label">Time unit</span>
          <select
            className="select"
            value={unit}
            onChange={(event) => setUnit(event.target.value as TimeUnit)}
            data-testid="fit-unit"
          >
            <option value="week">Weeks</option>
            <option value="day">Days</option>
            <option value="month">Months</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">Predictions use</span>
          <select
            className="select"
            value={predictFrom}
            onChange={(event) => setPredictFrom(event.target.value as FitSettings['predictFrom'])}
          >
            <option value="all-data">Refit on all data (recommended)</option>
            <option value="calibration">The calibration fit, as of its end</option>
          </select>
        </label>
        <fieldset className="value-clv-fields">
          <legend className="field-label">Customer lifetime value</legend>
          <ClvInputs
            margin={margin}
            discount={discount}
            horizon={horizon}
            onMargin={setMargin}
            onDiscount={setDiscount}
            onHorizon={setHorizon}
          />
        </fieldset>
      </div>
      <div className="value-form-actions">
        <button type="submit" className="btn btn-primary" disabled={running || !clv} data-testid="fit-run">
          Fit
        </button>
        {!clv && (
          <span className="small value-invalid" role="alert">
            Margin and discount are percentages (0–100); the horizon is 1–240 months.
          </span>
        )}
      </div>
    </form>
  );
}

/** Margin %, annual discount % and horizon in months, as text fields (validated by the caller). */
export function ClvInputs({
  margin,
  discount,
  horizon,
  onMargin,
  onDiscount,
  onHorizon,
}: {
  margin: string;
  discount: string;
  horizon: string;
  onMargin: (text: string) => void;
  onDiscount: (text: string) => void;
  onHorizon: (text: string) => void;
}) {
  return (
    <span className="value-clv-inputs">
      <NumberField
        label="Margin"
        ariaLabel="Margin (%)"
        value={margin}
        onChange={onMargin}
        unit="%"
        testId="clv-margin"
      />
      <NumberField
        label="Discount"
        ariaLabel="Annual discount rate (%)"
        value={discount}
        onChange={onDiscount}
        unit="% a year"
        testId="clv-discount"
      />
      <NumberField
        label="Horizon"
        ariaLabel="Horizon (months)"
        value={horizon}
        onChange={onHorizon}
        unit="months"
        inputMode="numeric"
        testId="clv-horizon"
      />
    </span>
  );
}
