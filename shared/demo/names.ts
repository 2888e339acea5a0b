/**
 * Word lists for the fictional demo county. Names are assembled from parts so 20,000 households
 * read like a real register without copying one; the county and its townships are invented.
 */
import type { Random } from '../random';

export const COUNTY_NAME = '示范县';

/** 14 townships and the development zone (seed 001 always says 乡镇(开发区)). */
export const TOWNSHIP_NAMES = [
  '城关镇',
  '青石镇',
  '桃溪镇',
  '白云镇',
  '河口镇',
  '梅岭镇',
  '龙潭镇',
  '丰乐镇',
  '石门镇',
  '松林乡',
  '杏花乡',
  '高桥乡',
  '柳塘乡',
  '凤岗乡',
] as const;
export const DEVELOPMENT_ZONE_NAME = '示范经济开发区';

/** The township as a work unit and responsible unit: 乡镇人民政府, or the zone's 管委会. */
export function townshipGovernment(t: { name: string; kind: 'township' | 'development_zone' }): string {
  return t.kind === 'development_zone' ? `${t.name}管委会` : `${t.name}人民政府`;
}

// Village names: a first and a second character, in the Jianghuai style (冲, 畈, 岗, 圩 …).
const VILLAGE_FIRST = '大小东西南北上下新老桃李杨柳松竹梅兰石金银龙凤马黄白青红双三五七九高长平清安万丰仓花山泉枫古'.split('');
const VILLAGE_SECOND = '湾冲岗河桥庄塘山岭畈店湖圩埠庙集坊楼园林墩坝港铺塆'.split('');
const COMMUNITY_NAMES = '城东 城西 城南 城北 春晖 文昌 鼓楼 龙津 新街 和平 幸福 民主 建设 胜利 桃园 梅山 锦绣 金桥'.split(' ');

// Common surnames first: pickSkewed makes 王/李/张 far likelier than 汤.
const SURNAMES = (
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛段雷侯龙史陶贺顾毛郝龚邵万钱严武戴孔汤'
).split('');
// Heads of rural households were mostly born 1940–1980; their given names sound like it.
const MALE_GIVEN = '德正明国建华平忠永学长志发荣成贵金福友春林生文新光海祥根宝全家义才兴和山胜军中传先开道礼'.split('');
const FEMALE_GIVEN = '秀英兰芳桂珍凤玉翠梅琴云霞花莲美淑红素'.split('');

export function personName(rng: Random, female = rng.chance(0.15)): string {
  const chars = female ? FEMALE_GIVEN : MALE_GIVEN;
  const given = rng.chance(0.85) ? rng.pick(chars) + rng.pick(chars) : rng.pick(chars);
  return rng.pickSkewed(SURNAMES) + given;
}

/** A village name not yet in `taken` (county-wide unique, so "东冲村" means one place). */
export function villageName(rng: Random, taken: Set<string>, community: boolean): string {
  for (let attempt = 0; ; attempt++) {
    const base = community && attempt < COMMUNITY_NAMES.length ? rng.pick(COMMUNITY_NAMES) : rng.pick(VILLAGE_FIRST) + rng.pick(VILLAGE_SECOND);
    const name = base + (community ? '社区' : '村');
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** County departments that pair cadres with households and answer for feedback issues (seed 001 二(四)). */
export const DEPARTMENTS = [
  '县委组织部',
  '县委办公室',
  '县政府办公室',
  '县纪委监委',
  '县委宣传部',
  '县教育局',
  '县卫健委',
  '县人社局',
  '县住建局',
  '县残联',
  '县发改委',
  '县民政局',
  '县交通局',
  '县水利局',
  '县财政局',
  '县农业农村局',
  '县商务局',
  '县林业局',
  '县科技局',
  '县医保局',
  '县自然资源局',
  '县供电公司',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** 致贫原因 and the 帮扶措施 that answer each (seed 001: measures must match the cause). */
export const POVERTY_CAUSES: readonly { cause: string; measures: readonly string[] }[] = [
  { cause: '因病', measures: ['健康脱贫', '慢性病卡办理', '社会保障兜底'] },
  { cause: '因残', measures: ['残疾人两项补贴', '社会保障兜底', '公益岗位'] },
  { cause: '因学', measures: ['教育资助', '雨露计划', '就业扶贫'] },
  { cause: '缺劳力', measures: ['社会保障兜底', '光伏扶贫', '资产收益'] },
  { cause: '缺技术', measures: ['技能培训', '就业扶贫', '产业扶贫'] },
  { cause: '缺资金', measures: ['小额信贷', '产业扶贫', '光伏扶贫'] },
  { cause: '因灾', measures: ['危房改造', '临时救助', '产业扶贫'] },
  { cause: '自身发展动力不足', measures: ['扶志扶智', '公益岗位', '就业扶贫'] },
];
export const CAUSE_WEIGHTS = [38, 16, 9, 12, 10, 8, 3, 4];

export function phoneNumber(rng: Random): string {
  const prefix = rng.pick(['135', '136', '137', '138', '139', '150', '151', '152', '158', '180', '182', '187', '188']);
  let rest = '';
  for (let i = 0; i < 8; i++) rest += String(rng.int(0, 9));
  return prefix + rest;
}
