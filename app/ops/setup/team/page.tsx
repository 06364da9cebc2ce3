import { TeamView } from "@/components/setup/team/team-view";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

export default async function TeamPage() {
  const runtime = await getRuntime();
  return <TeamView localPasswords={runtime.env.authMode === "local"} />;
}
