import { ImportExportView } from "@/components/setup/import/import-export-view";

export const dynamic = "force-dynamic";

export default function ImportExportPage() {
  return <ImportExportView />;
}
