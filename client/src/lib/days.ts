/** The county's calendar day as the client sees it (Chinese counties: Asia/Shanghai). */
import { dayInZone } from '../../../shared/dates';

export const COUNTY_TIME_ZONE = 'Asia/Shanghai';

export const clientToday = (): string => dayInZone(new Date(), COUNTY_TIME_ZONE);
