/**
 * Responsible units and feedback issues (反馈问题). Issue texts are built from the problems the
 * seeds name (seed 001 二(四)、(五); seed 000 三), each answered by the unit the seeds hold
 * responsible for it: the township for files and measures, a department for its own policy.
 */
import type { FeedbackIssue, Household, ResponsibleUnit, Township, Village } from '../registry';
import type { Random } from '../random';
import { DEPARTMENTS, townshipGovernment, type Department } from './names';

export const ISSUE_COUNT = 300;
export const ISSUE_SOURCES = ['2018年省第三方监测评估反馈', '中央巡视组反馈'] as const;
const RECTIFIED_SHARE = 0.55;

/** Township governments first (u1…, in township order), then the county departments. */
export function makeUnits(townships: Township[]): ResponsibleUnit[] {
  const names = [...townships.map(townshipGovernment), ...DEPARTMENTS];
  return names.map((name, i) => ({ id: `u${i + 1}`, name }));
}

interface IssueTemplate {
  problem: string;
  /** `township` = the government of the township the issue is in. */
  unit: Department | 'township';
}

const REGISTERED_HOUSEHOLD: IssueTemplate[] = [
  { problem: '慢性病卡未办理', unit: '县卫健委' },
  { problem: '住院治疗仍需交押金,“先诊疗后付费”政策未落实', unit: '县卫健委' },
  { problem: '危房改造补助未发放到位', unit: '县住建局' },
  { problem: '疑似危房未进行鉴定', unit: '县住建局' },
  { problem: '帮扶措施与致贫原因不对应', unit: 'township' },
  { problem: '户档资料与户袋资料不一致', unit: 'township' },
  { problem: '《扶贫手册》内容与家庭真实情况、扶贫信息系统不一致', unit: 'township' },
  { problem: '《收入检查表》中帮扶措施填写不全', unit: 'township' },
  { problem: '对享受的扶贫政策知晓度不高', unit: 'township' },
  { problem: '家庭人员基本医疗保险未由政府代缴', unit: '县人社局' },
  { problem: '义务教育阶段子女教育资助未发放到位', unit: '县教育局' },
  { problem: '符合认定条件的残疾人未办理残疾证', unit: '县残联' },
  { problem: '易地扶贫搬迁户老房未拆除', unit: '县发改委' },
  { problem: '对帮扶工作认可度不高,结对帮扶责任人走访不到位', unit: '县委组织部' },
];

const EDGE_HOUSEHOLD: IssueTemplate[] = [
  { problem: '(边缘户)佐证资料不充分,未采取必要帮扶保障措施', unit: 'township' },
  { problem: '(边缘户)疑似漏评,未进行入户排查', unit: 'township' },
];

const VILLAGE: IssueTemplate[] = [
  { problem: '村级档案资料不完善,扶贫对象动态调整资料缺失', unit: 'township' },
  { problem: '扶贫项目资料不规范齐全,项目效益情况不清', unit: 'township' },
  { problem: '人居环境未达到“十净”要求,垃圾清理不彻底', unit: 'township' },
  { problem: '“两委”负责人对本村脱贫攻坚基本情况不熟悉', unit: 'township' },
  { problem: '安全饮水未全覆盖', unit: '县水利局' },
  { problem: '较大自然村庄未通水泥路', unit: '县交通局' },
  { problem: '村卫生室未达到标准', unit: '县卫健委' },
  { problem: '驻村扶贫工作队队员未按要求驻村到岗', unit: '县委组织部' },
  { problem: '光伏扶贫收益未足额兑现', unit: '县发改委' },
];

/**
 * ISSUE_COUNT issues spread evenly over the townships (so every group has rectified ones to
 * check), about 55% already marked rectified by their unit and waiting for a verifying visit.
 */
export function makeIssues(rng: Random, townships: Township[], villages: Village[], households: Household[], units: ResponsibleUnit[]): FeedbackIssue[] {
  const unitId = new Map(units.map((u) => [u.name, u.id]));
  const villagesOf = new Map<string, Village[]>();
  for (const v of villages) {
    const list = villagesOf.get(v.townshipId);
    if (list) list.push(v);
    else villagesOf.set(v.townshipId, [v]);
  }
  const registeredOf = new Map<string, Household[]>();
  const edgeOf = new Map<string, Household[]>();
  for (const h of households) {
    const into = h.status === 'edge' ? edgeOf : h.status === 'ordinary' ? null : registeredOf;
    if (!into) continue;
    const list = into.get(h.villageId);
    if (list) list.push(h);
    else into.set(h.villageId, [h]);
  }

  const issues: FeedbackIssue[] = [];
  for (let i = 0; i < ISSUE_COUNT; i++) {
    const township = townships[i % townships.length]!;
    const village = rng.pick(villagesOf.get(township.id) ?? []);
    const registered = registeredOf.get(village.id) ?? [];
    const edge = edgeOf.get(village.id) ?? [];
    const r = rng.float();
    let household: Household | undefined;
    let template: IssueTemplate;
    if (r < 0.6 && registered.length > 0) {
      household = rng.pick(registered);
      template = rng.pick(REGISTERED_HOUSEHOLD);
    } else if (r < 0.7 && edge.length > 0) {
      household = rng.pick(edge);
      template = rng.pick(EDGE_HOUSEHOLD);
    } else {
      template = rng.pick(VILLAGE);
    }
    const unitName = template.unit === 'township' ? townshipGovernment(township) : template.unit;
    const issue: FeedbackIssue = {
      id: `i${i + 1}`,
      villageId: village.id,
      source: rng.weighted(ISSUE_SOURCES, [7, 3]),
      description: household ? `${village.name}${household.head}户${template.problem}` : `${village.name}${template.problem}`,
      responsibleUnitId: unitId.get(unitName)!,
      state: rng.chance(RECTIFIED_SHARE) ? 'rectified' : 'open',
    };
    if (household) issue.householdId = household.id;
    issues.push(issue);
  }
  return issues;
}
