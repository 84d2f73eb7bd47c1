// The light/dark switch: its name says what pressing it does ("Switch to dark theme").
import { useT } from '../i18n/index.tsx';
import { useTheme } from '../theme.tsx';
import { Icon } from './Icon.tsx';

export function ThemeToggle() {
  const t = useT();
  const [theme, setTheme] = useTheme();
  const label = theme === 'dark' ? t('common.themeToLight') : t('common.themeToDark');
  return (
    <button type="button" className="icon-button" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} aria-label={label} title={label}>
      <Icon name={theme === 'dark' ? 'sun' : 'moon'} size={18} />
    </button>
  );
}
