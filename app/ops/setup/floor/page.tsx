import { FloorEditorView } from "@/components/setup/floor-editor/floor-editor-view";

export const dynamic = "force-dynamic";

export default function FloorEditorPage() {
  return <FloorEditorView />;
}
