/** One button: light -> dark -> follow the OS -> light. Its title says what the next click does. */
import { Icon } from '../components/Icon';
import { setThemeChoice, useTheme, type ThemeChoice } from './theme';

const NEXT: Readonly<Record<ThemeChoice, ThemeChoice>> = { light: 'dark', dark: 'system', system: 'light' };
const LABEL: Readonly<Record<ThemeChoice, string>> = { light: 'Light theme', dark: 'Dark theme', system: 'Theme follows the system' };

export function ThemeToggle() {
  const { choice } = useTheme();
  const next = NEXT[choice];
  return (
    <button
      type="button"
      className="btn btn-icon btn-ghost"
      onClick={() => setThemeChoice(next)}
      title={`${LABEL[choice]}: click for ${LABEL[next].toLowerCase()}`}
      aria-label={`${LABEL[choice]}. Switch to ${LABEL[next].toLowerCase()}`}
      data-testid="theme-toggle"
    >
      <Icon name={choice === 'light' ? 'sun' : choice === 'dark' ? 'moon' : 'monitor'} />
    </button>
  );
}
