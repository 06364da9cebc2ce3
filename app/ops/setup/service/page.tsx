import { ServiceSettingsView } from "@/components/setup/service/service-settings-view";

export const dynamic = "force-dynamic";

export default function ServiceSettingsPage() {
  return <ServiceSettingsView />;
}
