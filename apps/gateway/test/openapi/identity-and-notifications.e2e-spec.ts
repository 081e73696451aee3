import { AREAS } from './areas';
import { describeConformanceArea } from './conformance-harness';

// Log-in, users, API keys, audit, the email delivery log, address holds and webhooks against the
// running gateway and notifications service (see areas.ts).
describeConformanceArea(AREAS.identityAndNotifications);
