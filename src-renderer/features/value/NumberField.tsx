import type { ReactNode } from 'react';

/**
 * A small labelled number typed as text (the caller parses and validates it) with its unit after it:
 * the CLV inputs of the purchase model and the sBG view.
 */
export function NumberField({
  label,
  ariaLabel,
  value,
  onChange,
  unit,
  inputMode = 'decimal',
  invalid,
  testId,
}: {
  label: string;
  /** The label with its unit, for assistive technology ("Margin (%)"). */
  ariaLabel: string;
  value: string;
  onChange: (text: string) => void;
  unit: ReactNode;
  inputMode?: 'decimal' | 'numeric';
  invalid?: boolean;
  testId?: string;
}) {
  return (
    <label className="toolbar-field">
      <span className="toolbar-field-label">{label}</span>
      <input
        className="input input-small value-number-input"
        inputMode={inputMode}
        value={value}
        aria-invalid={invalid}
        aria-label={ariaLabel}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      />
      {unit}
    </label>
  );
}
