import { TeamView } from "@/components/setup/team/team-view";

export const dynamic = "force-dynamic";

export default function TeamPage() {
  return <TeamView />;
}
