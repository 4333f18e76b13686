/** Copies a text to the clipboard and says so ("Copied" for a moment). */
import { useState } from 'react';
import { Icon } from '../../components/Icon';

export function CopyButton({ text, label = 'Copy', className = 'btn btn-sm btn-ghost' }: { readonly text: string; readonly label?: string; readonly className?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // No clipboard (an insecure origin): select a hidden copy and use the old command.
      const area = document.createElement('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    window.setTimeout(() => setCopied(false), 1500);
  };
  return (
    <button type="button" className={className} onClick={() => void copy()} title={copied ? 'Copied' : label} aria-label={label}>
      <Icon name={copied ? 'check' : 'copy'} size={14} />
      {copied ? <span>Copied</span> : null}
    </button>
  );
}
