/**
 * What the drill borrows from the pipeline test kit (load generator and invariant queries), in one place, so a
 * move of the kit touches one line here.
 */
export {
  generateLoad,
  notificationMismatches,
  overlappingAllocations,
  type TLoadRequest,
  type TOverlap,
  UNSETTLED_STATUSES,
} from "@/server/testing/pipeline-test-kit";
