/** `/api/draws/<date>` from the client (shapes in shared/drawApi.ts). */
import type { DrawPreview, DrawsResponse, DrawView, PublishRequest, VerifyReport } from '../../../../shared/drawApi';
import { request } from '../api';

const base = (date: string) => `/api/draws/${encodeURIComponent(date)}`;

export const drawApi = {
  list: (date: string, signal?: AbortSignal) => request<DrawsResponse>('GET', base(date), undefined, signal),
  preview: (date: string, body: Pick<PublishRequest, 'settings'>) => request<DrawPreview>('POST', `${base(date)}/preview`, body),
  publish: (date: string, body: PublishRequest) => request<{ draw: DrawView }>('POST', `${base(date)}/publish`, body),
  verify: (date: string, seq?: number, signal?: AbortSignal) => request<VerifyReport>('GET', `${base(date)}/verify${seq ? `?seq=${seq}` : ''}`, undefined, signal),
  /** A download link: the exact input of draw `seq`, to replay with `npm run -s draw -- --input`. */
  inputHref: (date: string, seq: number) => `${base(date)}/input?seq=${seq}`,
};
