import { ApiKeysView } from "@/components/setup/api-keys/api-keys-view";

export const dynamic = "force-dynamic";

export default function ApiKeysPage() {
  return <ApiKeysView />;
}
