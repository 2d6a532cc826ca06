import { useEffect, useRef, type ReactNode } from 'react';
import './dialog.css';

/**
 * A modal on the native <dialog>: the browser traps focus, Escape closes it (we route that through
 * onClose so React state stays the source of truth), and the form makes Enter confirm.
 */
export function Dialog({
  open,
  title,
  children,
  onClose,
  onConfirm,
  confirmLabel = 'OK',
  cancelLabel = 'Cancel',
  danger = false,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  onClose: () => void;
  onConfirm: () => void;
  confirmLabel?: string;
  cancelLabel?: string;
  danger?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // The confirm button takes focus, so Enter confirms at once (Escape or Tab then Enter cancels).
      // React's autoFocus only acts on mount, not each time the dialog opens.
      confirmRef.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm();
        }}
      >
        <h2 id="dialog-title" className="dialog-title">
          {title}
        </h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            {cancelLabel}
          </button>
          <button type="submit" className={danger ? 'btn btn-danger' : 'btn btn-primary'} ref={confirmRef}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
