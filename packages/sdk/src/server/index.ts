export { ServiceClient } from './service-client.ts';
export type { ServiceClientOptions } from './service-client.ts';
export { signBody } from './signature.ts';
export type {
  IngestEvent,
  IngestResponse,
  PartnerDetail,
  PartnerRecord,
  PartnerUpsert,
  PolicyPreview,
  PolicyPreviewRequest,
  WidgetTokenRequest,
  WidgetTokenResponse,
} from '@siso/training-core';
