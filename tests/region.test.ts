import { describe, expect, it } from "vitest";
import { resolveRegion } from "../lib/report/region";

const region = (province: string | null, city: string | null, county: string | null, code: string | null) => ({
  province,
  city,
  county,
  code,
});

describe("resolveRegion: the seed agencies", () => {
  it.each([
    ["济南公共资源交易中心", region("山东省", "济南市", null, "370100")],
    ["济宁市公共资源交易服务中心嘉祥分中心", region("山东省", "济宁市", "嘉祥县", "370829")],
    ["淄博市公共资源交易中心", region("山东省", "淄博市", null, "370300")],
    ["金寨县公共资源交易中心", region("安徽省", "六安市", "金寨县", "341524")],
    ["吴忠市公共资源交易服务中心", region("宁夏回族自治区", "吴忠市", null, "640300")],
  ])("%s", (agency, expected) => {
    expect(resolveRegion(agency, "")).toEqual({ region: expected, issues: [] });
  });
});

describe("resolveRegion: levels", () => {
  it("gives a province-level agency the province only", () => {
    expect(resolveRegion("山东省人民政府办公厅", "").region).toEqual(region("山东省", null, null, "370000"));
  });

  it("puts a municipality district under the municipality with no city", () => {
    expect(resolveRegion("北京市朝阳区财政局", "").region).toEqual(region("北京市", null, "朝阳区", "110105"));
    expect(resolveRegion("上海市普陀区人民政府", "").region).toEqual(region("上海市", null, "普陀区", "310107"));
  });

  it("puts a county-level city directly under its province with no city", () => {
    expect(resolveRegion("仙桃市财政局", "").region).toEqual(region("湖北省", null, "仙桃市", "429004"));
  });

  it("reads autonomous-region short forms", () => {
    expect(resolveRegion("宁夏财政厅", "").region).toEqual(region("宁夏回族自治区", null, null, "640000"));
    expect(resolveRegion("广西发展和改革委员会", "").region).toEqual(region("广西壮族自治区", null, null, "450000"));
    expect(resolveRegion("新疆教育厅", "").region).toEqual(region("新疆维吾尔自治区", null, null, "650000"));
  });

  it("lets the province keep a short name a lower level shares", () => {
    expect(resolveRegion("海南公共资源交易中心", "").region).toEqual(region("海南省", null, null, "460000"));
    expect(resolveRegion("吉林市公共资源交易中心", "").region).toEqual(region("吉林省", "吉林市", null, "220200"));
  });
});

describe("resolveRegion: names that fit several places", () => {
  it("decides 朝阳区 by the parent names the text mentions", () => {
    const beijing = resolveRegion("朝阳区财政局", "北京市朝阳区财政局2023年……按照北京市政务公开要求");
    expect(beijing).toEqual({ region: region("北京市", null, "朝阳区", "110105"), issues: [] });
    const changchun = resolveRegion("朝阳区财政局", "长春市朝阳区财政局2023年……按照吉林省和长春市要求");
    expect(changchun).toEqual({ region: region("吉林省", "长春市", "朝阳区", "220104"), issues: [] });
  });

  it("leaves 朝阳区 empty and warns when the text does not say", () => {
    expect(resolveRegion("朝阳区财政局", "本机关认真贯彻政府信息公开条例")).toEqual({
      region: region(null, null, null, null),
      issues: [
        {
          code: "region.ambiguous",
          severity: "warning",
          message: "朝阳区 fits 北京市朝阳区 (110105), 吉林省长春市朝阳区 (220104); the report does not say which",
          where: { section: "region" },
        },
      ],
    });
  });
});

describe("resolveRegion: no place in the name", () => {
  it("gives a national agency no region and an info issue", () => {
    const { region: found, issues } = resolveRegion("国家税务总局", "北京市海淀区……");
    expect(found).toEqual(region(null, null, null, null));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "region.unknown", severity: "info", where: { section: "region" } });
    expect(issues[0]?.message).toContain("national-level");
  });

  it("still places a local branch of a national agency", () => {
    expect(resolveRegion("国家税务总局济南市税务局", "").region).toEqual(region("山东省", "济南市", null, "370100"));
  });

  it("takes the place the text consistently names", () => {
    const text = "济宁市公共资源交易中心……按照山东省、济宁市要求，济宁市……";
    expect(resolveRegion("市公共资源交易中心", text)).toEqual({ region: region("山东省", "济宁市", null, "370800"), issues: [] });
  });

  it("reports region.unknown when neither name nor text names a place", () => {
    const { region: found, issues } = resolveRegion("公共资源交易中心", "本中心认真贯彻政府信息公开条例");
    expect(found).toEqual(region(null, null, null, null));
    expect(issues.map((issue) => [issue.code, issue.severity])).toEqual([["region.unknown", "info"]]);
  });
});

describe("resolveRegion: common words are not places", () => {
  it.each(["中心", "资源", "公共资源交易中心", "人民政府服务中心", "自然资源局", "公安局", "乡村振兴局", "依据人民共和国条例的政务公开平台"])(
    "%s matches nothing",
    (agency) => {
      const { region: found, issues } = resolveRegion(agency, "");
      expect(found).toEqual(region(null, null, null, null));
      expect(issues.map((issue) => issue.code)).toEqual(["region.unknown"]);
    },
  );

  it("does not read 资源 as 资源县 next to a real place", () => {
    expect(resolveRegion("济南市自然资源和规划局", "").region).toEqual(region("山东省", "济南市", null, "370100"));
  });
});

describe("resolveRegion: codes abolished by boundary changes", () => {
  it("gives 沙县 (350427, 沙县区 since 2021) its successor's code, without region.ambiguous", () => {
    const expected = region("福建省", "三明市", "沙县区", "350405");
    expect(resolveRegion("三明市沙县财政局", "")).toEqual({ region: expected, issues: [] });
    expect(resolveRegion("三明市沙县区财政局", "")).toEqual({ region: expected, issues: [] });
  });

  it("keeps a merged district's new code for the name both codes share (三元区 350404, not 350403)", () => {
    expect(resolveRegion("三明市三元区财政局", "").region.code).toBe("350404");
  });
});
