import type { Me } from '@parta/shared';
import { useInviteT } from './messages';

export interface InvitePageProps {
  code: string;
  /** The signed-in person, or null: the page then offers to create an account. */
  me: Me | null;
}

/** What an invitation grants, and accepting it: a new account or joining with an existing one. */
export default function InvitePage(_props: InvitePageProps) {
  const t = useInviteT();
  return (
    <main className="center-screen" id="main">
      <h1>{t.title}</h1>
    </main>
  );
}
