import { AREAS } from './areas';
import { describeConformanceArea } from './conformance-harness';

// Organisations, activities, partnerships, HSDS, bulk transfer, liaison officers, contacts and
// persons against the running gateway and organisations service (see areas.ts).
describeConformanceArea(AREAS.register);
