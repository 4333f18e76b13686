/** The top bar: brand, the pages of the registry the user may see (menus for Browse and Admin), health, theme, account. */
import { Icon } from '../components/Icon';
import { Menu } from '../components/Menu';
import { useLocation } from '../router/history';
import { Link } from '../router/Link';
import { pageHref, type NavPlace, type PageDef } from '../pages/page';
import { PAGES } from '../pages/registry';
import { usePermissions } from '../session/SessionProvider';
import { ThemeToggle } from '../theme/ThemeToggle';
import { HealthDot } from './HealthDot';
import { Logo } from './Logo';
import { UserMenu } from './UserMenu';

const MENUS: readonly NavPlace[] = ['Browse', 'Admin'];

function isActive(page: PageDef, pathname: string): boolean {
  const href = pageHref(page);
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function TopNav() {
  const { pathname } = useLocation();
  const { can } = usePermissions();
  const visible = PAGES.filter((p) => p.nav && (!p.needs || can(p.needs[0], p.needs[1])));
  const main = visible.filter((p) => p.nav === 'main');
  // The DAG pages live under /dags too: DAGs stays lit there.
  const dagsActive = pathname.startsWith('/dags');
  const link = (p: PageDef, className: string, role?: string) => {
    const active = p.path === '/dags' ? dagsActive : isActive(p, pathname);
    return (
      <Link key={p.path} to={pageHref(p)} className={`${className}${active ? ' active' : ''}`} aria-current={active ? 'page' : undefined} role={role}>
        {p.title}
      </Link>
    );
  };
  return (
    <header className="topbar">
      <Link to="/dags" className="brand" aria-label="Updraft home">
        <Logo />
        <span>Updraft</span>
      </Link>
      <nav className="nav" aria-label="Main">
        {main.slice(0, 2).map((p) => link(p, 'nav-link'))}
        {MENUS.map((menu) => {
          const items = visible.filter((p) => p.nav === menu);
          if (items.length === 0) return null;
          const active = items.some((p) => isActive(p, pathname));
          return (
            <Menu key={menu} buttonClassName={`nav-link${active ? ' active' : ''}`} testId={`nav-${menu.toLowerCase()}`} label={<>{menu} <Icon name="chevron-down" size={14} /></>}>
              {items.map((p) => link(p, 'menu-item', 'menuitem'))}
            </Menu>
          );
        })}
        {main.slice(2).map((p) => link(p, 'nav-link'))}
      </nav>
      <div className="topbar-right">
        <HealthDot />
        <ThemeToggle />
        <UserMenu />
      </div>
    </header>
  );
}
