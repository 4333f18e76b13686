/** Who is signed in (name and role), the API docs, and Sign out. */
import { Icon } from '../components/Icon';
import { Menu } from '../components/Menu';
import { useSession } from '../session/SessionProvider';

export function UserMenu() {
  const { me, logout } = useSession();
  if (!me) return null;
  const role = me.roles.length > 0 ? me.roles.join(', ') : 'no role';
  return (
    <Menu
      align="right"
      buttonClassName="user-button"
      ariaLabel={`Account: ${me.username} (${role})`}
      testId="user-menu"
      label={
        <>
          <span className="avatar" aria-hidden="true">
            {me.username.slice(0, 1).toUpperCase()}
          </span>
          <span className="user-name">{me.username}</span>
          <span className="role-badge" data-testid="user-role">{role}</span>
          <Icon name="chevron-down" size={14} />
        </>
      }
    >
      <div className="menu-heading">
        Signed in as <strong>{me.username}</strong>
        <div className="muted">Role: {role}</div>
      </div>
      <a role="menuitem" className="menu-item" href="/docs" target="_blank" rel="noreferrer">
        <Icon name="book" /> REST API docs
      </a>
      <button role="menuitem" type="button" className="menu-item" onClick={logout} data-testid="sign-out">
        <Icon name="logout" /> Sign out
      </button>
    </Menu>
  );
}
