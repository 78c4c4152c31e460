#!/usr/bin/env python3
"""Write a synthetic halong portal of N parks (and, optionally, the same content for Hugo).

    python3 bench/generate.py --parks N --out DIR [--hugo DIR] [--seed S]

The halong site copies site.yaml, templates/, static/ and the map outline
(content/map/) from this repository and generates content/: sources.yaml, sectors.yaml (12 sectors), province.yaml, 10 zones,
N parks (facts with the real keys and units, every figure sourced and dated), ~400
words of Markdown per park and language (headings, lists, a table, links to other
parks, the zone and the sources page), 3 pages and 6 news items.

The Hugo site carries the same content: one Markdown file per page and language with
the facts in YAML front matter, layouts that print the facts table and the body, list
pages, zone pages that list their parks, a sources page, sitemap and RSS feeds, and a
link render hook that resolves `@/...` links. Standard library only; deterministic.
"""

import argparse
import os
import random
import shutil
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANGS = ("vi", "en")

SYLLABLES = [
    ("Đông", "Dong"), ("Hải", "Hai"), ("Tiên", "Tien"), ("Phong", "Phong"), ("Yên", "Yen"),
    ("Hưng", "Hung"), ("Long", "Long"), ("Bình", "Binh"), ("An", "An"), ("Thịnh", "Thinh"),
    ("Phú", "Phu"), ("Sơn", "Son"), ("Hà", "Ha"), ("Quảng", "Quang"), ("Minh", "Minh"),
    ("Tân", "Tan"), ("Lập", "Lap"), ("Cẩm", "Cam"), ("Mai", "Mai"), ("Việt", "Viet"),
    ("Hòa", "Hoa"), ("Thành", "Thanh"), ("Trung", "Trung"), ("Nam", "Nam"), ("Bắc", "Bac"),
    ("Đức", "Duc"), ("Lộc", "Loc"), ("Vĩnh", "Vinh"), ("Kim", "Kim"), ("Ngọc", "Ngoc"),
    ("Khê", "Khe"), ("Tràng", "Trang"), ("Uông", "Uong"), ("Cái", "Cai"), ("Vân", "Van"),
]

ZONES = [
    ("Vân Hải", "Van Hai", "coastal"), ("Quảng Đông", "Quang Dong", "coastal"),
    ("Tiên Yên", "Tien Yen", "coastal"), ("Cẩm Sơn", "Cam Son", "coastal"),
    ("Hạ Mai", "Ha Mai", "coastal"), ("Bắc Lộc", "Bac Loc", "border_gate"),
    ("Móng Kim", "Mong Kim", "border_gate"), ("Hoành Sơn", "Hoanh Son", "border_gate"),
    ("Đồng Phong", "Dong Phong", "border_gate"), ("Phong Sinh", "Phong Sinh", "border_gate"),
]

SECTORS = [
    ("electronics", "Điện tử", "Electronics"),
    ("electrical-equipment", "Thiết bị điện", "Electrical equipment"),
    ("automotive", "Ô tô và linh kiện ô tô", "Automotive and parts"),
    ("mechanical-engineering", "Cơ khí", "Mechanical engineering"),
    ("renewable-energy", "Năng lượng tái tạo", "Renewable energy"),
    ("textiles", "Dệt may và sợi", "Textiles and fibres"),
    ("logistics", "Logistics và cảng biển", "Logistics and seaports"),
    ("semiconductors", "Bán dẫn", "Semiconductors"),
    ("petrochemicals", "Hóa dầu", "Petrochemicals"),
    ("high-tech", "Công nghệ cao", "High technology"),
    ("building-materials", "Vật liệu xây dựng", "Building materials"),
    ("food-processing", "Chế biến thực phẩm", "Food processing"),
]

DEVELOPERS = [
    ("Công ty Cổ phần Phát triển KCN {n}", "{n} Industrial Park Development JSC"),
    ("Công ty TNHH Hạ tầng {n}", "{n} Infrastructure Co., Ltd"),
    ("Tổng công ty Đầu tư {n}", "{n} Investment Corporation"),
]
TENANTS = ["Castem", "Tamagawa Seiki", "Lite-On", "Yaskawa", "Foxconn", "Jinko Solar",
           "Autoliv", "Luxshare", "Goertek", "BYD", "Toyota Boshoku", "Hyosung", "Texhong",
           "Kyocera", "Nidec", "Samsung SDI", "LG Innotek", "Pegatron"]
PUBLISHERS = ["Báo Quảng Ninh", "Bao Quang Ninh (English edition)", "VnExpress",
              "Thời báo Tài chính Việt Nam", "Vietnam Investment Review", "Ban Quản lý các KKT"]

STATUS_VI = {"operating": "Đang hoạt động", "under_construction": "Đang xây dựng",
             "planned": "Quy hoạch"}
STATUS_EN = {"operating": "Operating", "under_construction": "Under construction",
             "planned": "Planned"}

# Park fact keys in display order, with their unit.
FACT_UNITS = [
    ("total_area", "ha"), ("industrial_area", "ha"), ("available_area", "ha"),
    ("occupancy", "percent"), ("land_price", "usd_per_m2"), ("lease_term", "years"),
    ("factory_rent", "usd_per_m2_month"), ("management_fee", "usd_per_m2_year"),
    ("power", "mva"), ("water", "m3_per_day"), ("wastewater", "m3_per_day"),
    ("distance_seaport", "km"), ("distance_airport", "km"), ("distance_highway", "km"),
    ("distance_border_gate", "km"), ("distance_hanoi", "km"),
    ("infrastructure_investment", "vnd_billion"), ("secondary_projects", "projects"),
    ("registered_capital", "usd_million"), ("workers", "workers"),
    ("worker_housing", "units"), ("established", None), ("operating_term", "years"),
]

FACT_LABELS = {
    "total_area": ("Tổng diện tích", "Total area"),
    "industrial_area": ("Đất công nghiệp", "Industrial land"),
    "available_area": ("Đất còn trống", "Land available"),
    "occupancy": ("Tỷ lệ lấp đầy", "Occupancy"),
    "land_price": ("Giá thuê đất", "Land rent"),
    "lease_term": ("Thời hạn thuê", "Lease term"),
    "factory_rent": ("Giá thuê nhà xưởng", "Factory rent"),
    "management_fee": ("Phí quản lý", "Management fee"),
    "power": ("Cấp điện", "Power"),
    "water": ("Cấp nước", "Water"),
    "wastewater": ("Xử lý nước thải", "Wastewater"),
    "distance_seaport": ("Khoảng cách đến cảng biển", "Distance to seaport"),
    "distance_airport": ("Khoảng cách đến sân bay", "Distance to airport"),
    "distance_highway": ("Khoảng cách đến cao tốc", "Distance to expressway"),
    "distance_border_gate": ("Khoảng cách đến cửa khẩu", "Distance to border gate"),
    "distance_hanoi": ("Khoảng cách đến Hà Nội", "Distance to Hanoi"),
    "infrastructure_investment": ("Vốn đầu tư hạ tầng", "Infrastructure investment"),
    "secondary_projects": ("Dự án thứ cấp", "Secondary projects"),
    "registered_capital": ("Vốn đăng ký", "Registered capital"),
    "workers": ("Lao động", "Workers"),
    "worker_housing": ("Nhà ở công nhân", "Worker housing"),
    "established": ("Thành lập", "Established"),
    "operating_term": ("Thời hạn hoạt động", "Operating term"),
    "land_area": ("Diện tích đất liền", "Land area"),
    "water_area": ("Diện tích mặt nước", "Water area"),
    "fdi_projects": ("Dự án FDI", "FDI projects"),
}
UNIT_LABELS = {
    "ha": ("ha", "ha"), "percent": ("%", "%"), "usd_per_m2": ("USD/m² (cả kỳ thuê)", "USD/m² per lease term"),
    "years": ("năm", "years"), "usd_per_m2_month": ("USD/m²/tháng", "USD/m²/month"),
    "usd_per_m2_year": ("USD/m²/năm", "USD/m²/year"), "mva": ("MVA", "MVA"),
    "m3_per_day": ("m³/ngày", "m³/day"), "km": ("km", "km"),
    "vnd_billion": ("tỷ đồng", "VND billion"), "projects": ("dự án", "projects"),
    "usd_million": ("triệu USD", "USD million"), "workers": ("lao động", "workers"),
    "units": ("căn", "units"), "count": ("", ""),
}


def q(text):
    """A YAML double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def loc(vi, en):
    return "{vi: %s, en: %s}" % (q(vi), q(en))


def fmt(value):
    if isinstance(value, float):
        return ("%.2f" % value).rstrip("0").rstrip(".")
    return str(value)


class Gen:
    def __init__(self, parks, seed):
        self.rng = random.Random(seed)
        self.n = parks
        rng = self.rng
        self.sources = []
        for i in range(max(40, parks // 5)):
            year = rng.choice([2024, 2025, 2026])
            month = rng.randint(1, 10 if year == 2026 else 12)
            lang = rng.choice(LANGS)
            self.sources.append({
                "id": "s%05d" % i,
                "title": ("Báo cáo tình hình thu hút đầu tư số %d" % i) if lang == "vi"
                else ("Investment attraction report no. %d" % i),
                "publisher": rng.choice(PUBLISHERS),
                "date": "%d-%02d-%02d" % (year, month, rng.randint(1, 28)),
                "language": lang,
                "url": "https://news.example.vn/articles/%05d.html" % i,
            })
        self.zones = []
        for vi, en, kind in ZONES:
            slug = en.lower().replace(" ", "-")
            prefix = ("Khu kinh tế ven biển", "Coastal Economic Zone") if kind == "coastal" \
                else ("Khu kinh tế cửa khẩu", "Border Gate Economic Zone")
            self.zones.append({"slug": slug, "vi": "%s %s" % (prefix[0], vi),
                               "en": "%s %s" % (en, prefix[1]), "short_vi": vi,
                               "short_en": en, "kind": kind})
        self.parks = []
        seen = {}
        for i in range(parks):
            a, b = rng.sample(SYLLABLES, 2)
            base_vi, base_en = "%s %s" % (a[0], b[0]), "%s %s" % (a[1], b[1])
            k = seen.get(base_en, 0) + 1
            seen[base_en] = k
            if k > 1:
                base_vi, base_en = "%s %d" % (base_vi, k), "%s %d" % (base_en, k)
            slug = base_en.lower().replace(" ", "-")
            self.parks.append({"slug": slug, "short_vi": base_vi, "short_en": base_en,
                               "zone": self.zones[i % len(self.zones)],
                               "status": rng.choices(list(STATUS_VI), [6, 3, 1])[0]})

    # -- figures ---------------------------------------------------------------
    def date(self):
        rng = self.rng
        year = rng.choice([2024, 2025, 2026])
        month = rng.randint(1, 10 if year == 2026 else 12)
        return "%d-%02d-%02d" % (year, month, rng.randint(1, 28))

    def source(self):
        return self.rng.choice(self.sources)["id"]

    def park_facts(self):
        """key -> list of entries (dicts with value, unit, source, as_of, ...)."""
        rng = self.rng
        total = round(rng.uniform(150, 1200), 2)
        industrial = round(total * rng.uniform(0.55, 0.75), 2)
        available = round(industrial * rng.uniform(0.0, 0.6), 2)
        occupancy = round(100 * (1 - available / industrial), 1)
        values = {
            "total_area": total, "industrial_area": industrial, "available_area": available,
            "occupancy": occupancy, "land_price": rng.randint(60, 180),
            "lease_term": rng.choice([40, 45, 50]),
            "factory_rent": round(rng.uniform(3.5, 6.5), 1),
            "management_fee": round(rng.uniform(0.5, 1.5), 2),
            "power": rng.choice([63, 126, 189, 252]),
            "water": rng.randint(5, 60) * 1000, "wastewater": rng.randint(3, 40) * 1000,
            "distance_seaport": rng.randint(5, 80), "distance_airport": rng.randint(15, 120),
            "distance_highway": rng.randint(1, 25), "distance_border_gate": rng.randint(10, 200),
            "distance_hanoi": rng.randint(90, 330),
            "infrastructure_investment": round(rng.uniform(800, 6000), 1),
            "secondary_projects": rng.randint(0, 60),
            "registered_capital": round(rng.uniform(50, 3500), 1),
            "workers": rng.randint(200, 30000), "worker_housing": rng.randint(0, 2000),
            "operating_term": 50,
        }
        facts = {}
        for key, unit in FACT_UNITS:
            if key != "total_area" and rng.random() < 0.2:
                continue  # not every park publishes every figure
            if key == "established":
                n = rng.randint(100, 3999)
                facts[key] = [{"value": {"vi": "Quyết định thành lập %d/QĐ-UBND" % n,
                                         "en": "Establishment decision %d/QD-UBND" % n},
                               "source": self.source(), "as_of": self.date()}]
                continue
            entry = {"value": values[key], "unit": unit, "source": self.source(),
                     "as_of": self.date()}
            if key in ("workers", "registered_capital") and rng.random() < 0.5:
                entry["qualifier"] = "about"
            if key == "occupancy" and rng.random() < 0.3:
                entry["scope"] = {"vi": "Giai đoạn 1", "en": "Phase 1"}
            entries = [entry]
            # Some figures have a history or a second source (older, not larger than
            # the whole for areas).
            if key not in ("industrial_area", "available_area", "occupancy") and rng.random() < 0.3:
                old = dict(entry)
                old.pop("scope", None)
                v = values[key]
                old["value"] = round(v * rng.uniform(0.8, 1.0), 2) if isinstance(v, float) else v
                old["source"] = self.source()
                old["as_of"] = "2024-01-%02d" % rng.randint(1, 28)
                entries.append(old)
            facts[key] = entries
        return facts

    @staticmethod
    def entry_yaml(entry):
        parts = []
        v = entry["value"]
        parts.append("value: " + (loc(v["vi"], v["en"]) if isinstance(v, dict) else fmt(v)))
        if entry.get("unit"):
            parts.append("unit: " + entry["unit"])
        if entry.get("qualifier"):
            parts.append("qualifier: " + entry["qualifier"])
        if entry.get("scope"):
            parts.append("scope: " + loc(entry["scope"]["vi"], entry["scope"]["en"]))
        parts.append("source: " + entry["source"])
        parts.append("as_of: " + entry["as_of"])
        return "{" + ", ".join(parts) + "}"

    def facts_yaml(self, facts, indent="  "):
        out = []
        for key, entries in facts.items():
            out.append("%s%s:" % (indent, key))
            for e in entries:
                out.append("%s  - %s" % (indent, self.entry_yaml(e)))
        return out

    # -- prose -----------------------------------------------------------------
    def body(self, lang, park, facts):
        """~400 words of Markdown: headings, a list, a table, links."""
        rng = self.rng
        others = rng.sample(self.parks, min(4, len(self.parks)))
        others = [o for o in others if o is not park][:3]
        zone = park["zone"]
        src = self.source()
        name = park["short_" + lang]
        ta = fmt(facts["total_area"][0]["value"])
        sectors = park["sectors"]
        sec_names = [s[1] if lang == "vi" else s[2].lower() for s in sectors]
        def link(o):
            return "[%s](@/parks/%s)" % (o["short_" + lang], o["slug"])
        if lang == "vi":
            zl = "[%s](@/zones/%s)" % (zone["vi"], zone["slug"])
            p = []
            p.append("Khu công nghiệp %s nằm trong %s, rộng khoảng %s ha, được quy hoạch cho các ngành %s. "
                     "Khu có vị trí thuận lợi, gần cảng biển, sân bay và tuyến cao tốc nối với Hà Nội, Hải Phòng; "
                     "nhà đầu tư có thể tham khảo thêm các khu lân cận như %s." % (
                         name, zl, ta, ", ".join(sec_names), ", ".join(link(o) for o in others)))
            p.append("## Vị trí và kết nối\n\nKhu công nghiệp được kết nối trực tiếp với quốc lộ 18 và đường cao tốc "
                     "Hạ Long – Hải Phòng. Hàng hóa xuất nhập khẩu đi qua cảng nước sâu trong vòng một giờ chạy xe; "
                     "công nhân được đưa đón bằng xe buýt từ các phường lân cận. Các khoảng cách chính:\n")
            lines = []
            for key in ("distance_seaport", "distance_airport", "distance_highway", "distance_hanoi"):
                if key in facts:
                    lines.append("- %s: %s km" % (FACT_LABELS[key][0], facts[key][0]["value"]))
            lines.append("- Ga đường sắt gần nhất: khoảng %d km" % rng.randint(5, 40))
            p.append("\n".join(lines))
            p.append("## Hạ tầng kỹ thuật\n\nChủ đầu tư đã hoàn thành hệ thống đường nội bộ, cấp điện, cấp nước, "
                     "thoát nước mưa và xử lý nước thải tập trung cho giai đoạn đầu. Hệ thống phòng cháy chữa cháy, "
                     "cây xanh và chiếu sáng được đầu tư đồng bộ theo tiêu chuẩn khu công nghiệp sinh thái.\n")
            p.append("| Hạng mục | Công suất | Ghi chú |\n|---|---:|---|\n"
                     "| Trạm biến áp | %d MVA | 110/22 kV |\n| Cấp nước | %s m³/ngày | Hai nguồn độc lập |\n"
                     "| Nước thải | %s m³/ngày | Đạt cột A |\n| Viễn thông | 10 Gbps | Cáp quang ngầm |" % (
                         rng.choice([63, 126, 189]), rng.randint(5, 60) * 1000, rng.randint(3, 40) * 1000))
            p.append("## Nhà đầu tư thứ cấp\n\nĐến nay khu đã thu hút %d dự án, trong đó phần lớn là dự án có vốn "
                     "đầu tư nước ngoài đến từ Nhật Bản, Hàn Quốc, Trung Quốc và Đài Loan. Các doanh nghiệp tiêu biểu "
                     "gồm %s. Số liệu được tổng hợp từ báo cáo của ban quản lý ([nguồn](@/sources#%s)); "
                     "so sánh với %s cho thấy tỷ lệ lấp đầy của khu ở mức khá trong tỉnh." % (
                         rng.randint(3, 60), ", ".join(park["tenants"]), src, link(others[0])))
            p.append("## Thủ tục đầu tư\n\n1. Khảo sát địa điểm và làm việc với chủ đầu tư hạ tầng.\n"
                     "2. Nộp hồ sơ đề nghị cấp giấy chứng nhận đăng ký đầu tư tại Ban Quản lý các khu kinh tế.\n"
                     "3. Ký hợp đồng thuê lại đất, nhận bàn giao mặt bằng.\n"
                     "4. Xin giấy phép xây dựng, đánh giá tác động môi trường và phòng cháy chữa cháy.")
            p.append("Ban Quản lý hỗ trợ nhà đầu tư theo cơ chế một cửa, thời gian giải quyết thủ tục được rút ngắn "
                     "so với quy định. Dự án trong khu được hưởng ưu đãi về thuế thu nhập doanh nghiệp, miễn thuế "
                     "nhập khẩu đối với hàng hóa tạo tài sản cố định và giảm tiền thuê đất trong những năm đầu. "
                     "Thông tin chi tiết về giá thuê, phí quản lý và diện tích còn trống được cập nhật định kỳ; "
                     "nhà đầu tư nên liên hệ trực tiếp để nhận báo giá mới nhất và lịch khảo sát thực địa.")
            summary = "KCN %s thuộc %s, rộng khoảng %s ha, thu hút các ngành %s." % (
                name, zone["vi"], ta, ", ".join(sec_names[:2]))
        else:
            zl = "[%s](@/zones/%s)" % (zone["en"], zone["slug"])
            p = []
            p.append("%s Industrial Park lies inside the %s and covers about %s ha, planned for %s. "
                     "It sits close to a seaport, an airport and the expressway to Hanoi and Hai Phong; "
                     "investors comparing sites may also look at nearby parks such as %s." % (
                         name, zl, ta, ", ".join(sec_names), ", ".join(link(o) for o in others)))
            p.append("## Location and connections\n\nThe park connects directly to National Road 18 and the "
                     "Ha Long – Hai Phong expressway. Export cargo reaches the deep-water port within an hour by "
                     "truck, and workers are bussed in from the surrounding wards. The main distances are:\n")
            lines = []
            for key in ("distance_seaport", "distance_airport", "distance_highway", "distance_hanoi"):
                if key in facts:
                    lines.append("- %s: %s km" % (FACT_LABELS[key][1], facts[key][0]["value"]))
            lines.append("- Nearest railway station: about %d km" % rng.randint(5, 40))
            p.append("\n".join(lines))
            p.append("## Infrastructure\n\nThe developer has finished the internal roads, power supply, water "
                     "supply, storm drainage and central wastewater treatment for the first phase. Fire "
                     "protection, green belts and street lighting follow the standard for eco-industrial parks.\n")
            p.append("| Item | Capacity | Note |\n|---|---:|---|\n"
                     "| Substation | %d MVA | 110/22 kV |\n| Water supply | %s m³/day | Two independent sources |\n"
                     "| Wastewater | %s m³/day | Meets column A |\n| Telecoms | 10 Gbps | Underground fibre |" % (
                         rng.choice([63, 126, 189]), rng.randint(5, 60) * 1000, rng.randint(3, 40) * 1000))
            p.append("## Tenants\n\nThe park has attracted %d projects so far, most of them foreign-invested from "
                     "Japan, South Korea, China and Taiwan. Notable tenants include %s. The figures come from the "
                     "management board's report ([source](@/sources#%s)); compared with %s, the park's "
                     "occupancy is above the provincial average." % (
                         rng.randint(3, 60), ", ".join(park["tenants"]), src, link(others[0])))
            p.append("## Investment procedure\n\n1. Visit the site and meet the infrastructure developer.\n"
                     "2. Apply for an investment registration certificate at the Economic Zone Authority.\n"
                     "3. Sign the land sub-lease and take over the plot.\n"
                     "4. Obtain the construction permit, the environmental impact approval and fire safety approval.")
            p.append("The Authority runs a one-stop shop, and procedures are handled faster than the statutory "
                     "deadlines. Projects in the park qualify for corporate income tax incentives, exemption from "
                     "import duty on goods forming fixed assets, and reduced land rent in the first years. Rents, "
                     "management fees and available land are updated periodically; investors should contact the "
                     "developer directly for a current quotation and to arrange a site visit. Further detail on the "
                     "incentives is on the [incentives page](@/pages/incentives).")
            summary = "%s Industrial Park in the %s, about %s ha, for %s." % (
                name, zone["en"], ta, ", ".join(sec_names[:2]))
        return summary, "\n\n".join(p) + "\n"

    # -- writing ---------------------------------------------------------------
    def prepare(self):
        rng = self.rng
        for park in self.parks:
            park["sectors"] = rng.sample(SECTORS, rng.randint(2, 4))
            park["tenants"] = rng.sample(TENANTS, rng.randint(2, 4))
            park["facts"] = self.park_facts()
            dev = rng.choice(DEVELOPERS)
            park["developer"] = (dev[0].format(n=park["short_vi"]), dev[1].format(n=park["short_en"]))
            park["prose"] = {lang: self.body(lang, park, park["facts"]) for lang in LANGS}
        for zone in self.zones:
            total = rng.randint(20000, 120000)
            zone["facts"] = {
                "total_area": [{"value": total, "unit": "ha", "source": self.source(), "as_of": self.date()}],
                "land_area": [{"value": int(total * 0.6), "unit": "ha", "source": self.source(), "as_of": self.date()}],
                "fdi_projects": [{"value": rng.randint(10, 200), "unit": "projects", "source": self.source(), "as_of": self.date()}],
            }
        self.news = []
        for i in range(6):
            d = self.date()
            self.news.append({"slug": "news-%d" % i, "date": d,
                              "title_vi": "Tỉnh thu hút thêm dự án đầu tư vào khu công nghiệp (%d)" % i,
                              "title_en": "Province attracts more industrial park investment (%d)" % i,
                              "park": rng.choice(self.parks)})

    def write_halong(self, out):
        if os.path.exists(out):
            shutil.rmtree(out)
        os.makedirs(out)
        shutil.copy(os.path.join(REPO, "site.yaml"), out)
        for d in ("templates", "static"):
            shutil.copytree(os.path.join(REPO, d), os.path.join(out, d))
        c = os.path.join(out, "content")
        for d in ("parks", "zones", "news", "pages"):
            os.makedirs(os.path.join(c, d))
        # site.yaml names the repository's map outline: the synthetic portal draws it.
        shutil.copytree(os.path.join(REPO, "content", "map"), os.path.join(c, "map"))
        with open(os.path.join(c, "sources.yaml"), "w") as f:
            for s in self.sources:
                f.write("- id: %s\n  title: %s\n  publisher: %s\n  date: %s\n  language: %s\n  url: %s\n\n" % (
                    s["id"], q(s["title"]), q(s["publisher"]), s["date"], s["language"], s["url"]))
        with open(os.path.join(c, "sectors.yaml"), "w") as f:
            for slug, vi, en in SECTORS:
                f.write("%s: %s\n" % (slug, loc(vi, en)))
        with open(os.path.join(c, "province.yaml"), "w") as f:
            f.write("name: %s\nfacts:\n  planned_ip_count: {value: %d, unit: count, source: %s, as_of: %s}\n"
                    "  average_occupancy: {value: 57.9, unit: percent, source: %s, as_of: %s}\n" % (
                        loc("Quảng Ninh", "Quang Ninh"), self.n, self.source(), self.date(),
                        self.source(), self.date()))
        for z in self.zones:
            lines = ["name: " + loc(z["vi"], z["en"]), "short_name: " + loc(z["short_vi"], z["short_en"]),
                     "kind: " + z["kind"], "status: operating",
                     "sectors: [%s]" % ", ".join(s[0] for s in SECTORS[:4]), "facts:"]
            lines += self.facts_yaml(z["facts"])
            self._write(os.path.join(c, "zones", z["slug"] + ".yaml"), "\n".join(lines) + "\n")
            for lang in LANGS:
                body = ("%s là một trong mười khu kinh tế của tỉnh. Danh sách khu công nghiệp bên dưới được lấy "
                        "từ dữ liệu của từng khu." if lang == "vi" else
                        "%s is one of the province's ten economic zones. The parks below are listed from each "
                        "park's own record.") % z[lang]
                self._write(os.path.join(c, "zones", "%s.%s.md" % (z["slug"], lang)),
                            "---\nsummary: %s\n---\n%s\n" % (z[lang], body))
        for p in self.parks:
            lines = [
                "name: " + loc("Khu công nghiệp " + p["short_vi"], p["short_en"] + " Industrial Park"),
                "short_name: " + loc(p["short_vi"], p["short_en"]),
                "aliases: [%s]" % q(p["short_en"] + " IP"),
                "status: " + p["status"], "zone: " + p["zone"]["slug"],
                "sectors: [%s]" % ", ".join(s[0] for s in p["sectors"]),
                "address:",
                "  before_2025: " + loc("Xã %s, thị xã %s" % (p["short_vi"], p["zone"]["short_vi"]),
                                        "%s commune, %s town" % (p["short_en"], p["zone"]["short_en"])),
                "developer: " + loc(*p["developer"]),
                "tenants:",
            ]
            lines += ["  - {name: %s, source: %s, as_of: %s}" % (q(t), self.source(), self.date())
                      for t in p["tenants"]]
            lines.append("facts:")
            lines += self.facts_yaml(p["facts"])
            self._write(os.path.join(c, "parks", p["slug"] + ".yaml"), "\n".join(lines) + "\n")
            for lang in LANGS:
                summary, body = p["prose"][lang]
                self._write(os.path.join(c, "parks", "%s.%s.md" % (p["slug"], lang)),
                            "---\nsummary: %s\n---\n%s" % (summary, body))
        for lang in LANGS:
            for slug, (tvi, ten), menu in (("incentives", ("Ưu đãi đầu tư", "Investment incentives"), 30),
                                           ("about", ("Giới thiệu", "About"), 40),
                                           ("contact", ("Liên hệ", "Contact"), 50)):
                title = tvi if lang == "vi" else ten
                body = ("Trang %s của cổng thông tin. Xem [danh sách nguồn](@/sources)." if lang == "vi"
                        else "The %s page of the portal. See the [list of sources](@/sources).") % title
                self._write(os.path.join(c, "pages", "%s.%s.md" % (slug, lang)),
                            "---\ntitle: %s\nsummary: %s\nmenu: %d\n---\n%s\n" % (title, title, menu, body))
            for n in self.news:
                park = n["park"]
                title = n["title_" + lang]
                body = ("Bài viết về [%s](@/parks/%s) và các dự án mới." if lang == "vi"
                        else "An article about [%s](@/parks/%s) and new projects.") % (park["short_" + lang], park["slug"])
                self._write(os.path.join(c, "news", "%s.%s.md" % (n["slug"], lang)),
                            "---\ntitle: %s\ndate: %s\nsummary: %s\nsource: %s\ndraft: false\n---\n%s\n" % (
                                title, n["date"], title, self.sources[0]["id"], body))

    @staticmethod
    def _write(path, text):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    # -- Hugo ------------------------------------------------------------------
    def write_hugo(self, out):
        if os.path.exists(out):
            shutil.rmtree(out)
        os.makedirs(out)
        titles = {"vi": "Cổng thông tin đầu tư khu kinh tế, khu công nghiệp Quảng Ninh",
                  "en": "Quang Ninh Economic Zones and Industrial Parks Investment Portal"}
        self._write(os.path.join(out, "config.toml"), (
            'baseURL = "https://quangninh.halong.example/"\n'
            'defaultContentLanguage = "vi"\ndefaultContentLanguageInSubdir = true\n'
            'disableKinds = ["taxonomy", "term"]\nenableRobotsTXT = true\n'
            'rssLimit = 20\n'
            '[markup.goldmark.renderer]\nunsafe = false\n'
            '[outputs]\nhome = ["HTML", "RSS"]\nsection = ["HTML", "RSS"]\npage = ["HTML"]\n'
            '[languages.vi]\nweight = 1\nlanguageName = "Tiếng Việt"\ntitle = "%s"\n'
            '[languages.en]\nweight = 2\nlanguageName = "English"\ntitle = "%s"\n') % (titles["vi"], titles["en"]))
        # static
        shutil.copytree(os.path.join(REPO, "static"), os.path.join(out, "static"))
        # data: sources (shared by both languages)
        os.makedirs(os.path.join(out, "data"))
        with open(os.path.join(out, "data", "sources.yaml"), "w") as f:
            for s in self.sources:
                f.write("- id: %s\n  title: %s\n  publisher: %s\n  date: %s\n  language: %s\n  url: %s\n" % (
                    s["id"], q(s["title"]), q(s["publisher"]), s["date"], s["language"], s["url"]))
        with open(os.path.join(out, "data", "sectors.yaml"), "w") as f:
            for slug, vi, en in SECTORS:
                f.write("%s: %s\n" % (slug, loc(vi, en)))
        # i18n
        os.makedirs(os.path.join(out, "i18n"))
        for i, lang in enumerate(LANGS):
            lines = []
            for k, v in FACT_LABELS.items():
                lines.append("fact_%s: %s" % (k, q(v[i])))
            for k, v in UNIT_LABELS.items():
                lines.append("unit_%s: %s" % (k, q(v[i])))
            for k in STATUS_VI:
                lines.append("status_%s: %s" % (k, q((STATUS_VI if lang == "vi" else STATUS_EN)[k])))
            extra = {"vi": {"home": "Trang chủ", "parks": "Khu công nghiệp", "zones": "Khu kinh tế",
                            "news": "Tin tức", "sources": "Nguồn", "key_facts": "Số liệu chính",
                            "also": "Số liệu khác", "about": "khoảng", "tenants": "Doanh nghiệp",
                            "zone": "Khu kinh tế", "developer": "Chủ đầu tư", "sectors": "Ngành",
                            "name": "Tên", "status": "Trạng thái", "total_area": "Diện tích",
                            "occupancy": "Lấp đầy", "as_of": "tính đến"},
                     "en": {"home": "Home", "parks": "Industrial parks", "zones": "Economic zones",
                            "news": "News", "sources": "Sources", "key_facts": "Key facts",
                            "also": "Other figures", "about": "about", "tenants": "Tenants",
                            "zone": "Economic zone", "developer": "Developer", "sectors": "Sectors",
                            "name": "Name", "status": "Status", "total_area": "Area",
                            "occupancy": "Occupancy", "as_of": "as of"}}[lang]
            for k, v in extra.items():
                lines.append("%s: %s" % (k, q(v)))
            self._write(os.path.join(out, "i18n", lang + ".yaml"), "\n".join(lines) + "\n")
        # layouts
        for rel, text in HUGO_LAYOUTS.items():
            path = os.path.join(out, "layouts", rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            self._write(path, text)
        # content
        c = os.path.join(out, "content")
        for d in ("parks", "zones", "news", "pages"):
            os.makedirs(os.path.join(c, d))
        for lang in LANGS:
            self._write(os.path.join(c, "_index.%s.md" % lang), "---\ntitle: %s\n---\n" % q(titles[lang]))
            for d, (tvi, ten) in (("parks", ("Khu công nghiệp", "Industrial parks")),
                                  ("zones", ("Khu kinh tế", "Economic zones")),
                                  ("news", ("Tin tức", "News")), ("pages", ("Trang", "Pages"))):
                self._write(os.path.join(c, d, "_index.%s.md" % lang),
                            "---\ntitle: %s\n---\n" % q(tvi if lang == "vi" else ten))
            self._write(os.path.join(c, "sources.%s.md" % lang),
                        "---\ntitle: %s\nlayout: sources\n---\n" % ("Nguồn" if lang == "vi" else "Sources"))
        for z in self.zones:
            fm = ["kind: " + z["kind"], "short_name: " + q(z["short_vi"]), "facts:"]
            fm += self.facts_yaml(z["facts"])
            for lang in LANGS:
                body = ("%s là một trong mười khu kinh tế của tỉnh." if lang == "vi"
                        else "%s is one of the province's ten economic zones.") % z[lang]
                self._write(os.path.join(c, "zones", "%s.%s.md" % (z["slug"], lang)),
                            "---\ntitle: %s\nsummary: %s\n%s\n---\n%s\n" % (
                                q(z[lang]), q(z[lang]), "\n".join(fm), body))
        for p in self.parks:
            for lang in LANGS:
                i = LANGS.index(lang)
                summary, body = p["prose"][lang]
                fm = ["title: " + q(("Khu công nghiệp " + p["short_vi"]) if lang == "vi"
                                    else (p["short_en"] + " Industrial Park")),
                      "short_name: " + q(p["short_" + lang]), "summary: " + q(summary),
                      "aliases_names: [%s]" % q(p["short_en"] + " IP"),
                      "status: " + p["status"], "zone: " + p["zone"]["slug"],
                      "sectors: [%s]" % ", ".join(s[0] for s in p["sectors"]),
                      "address_before: " + q(("Xã %s, thị xã %s" % (p["short_vi"], p["zone"]["short_vi"])) if lang == "vi"
                                             else ("%s commune, %s town" % (p["short_en"], p["zone"]["short_en"]))),
                      "developer: " + q(p["developer"][i]),
                      "tenants: [%s]" % ", ".join(q(t) for t in p["tenants"]), "facts:"]
                fm += self.facts_yaml(p["facts"])
                self._write(os.path.join(c, "parks", "%s.%s.md" % (p["slug"], lang)),
                            "---\n%s\n---\n%s" % ("\n".join(fm), body))
        for lang in LANGS:
            for slug, (tvi, ten) in (("incentives", ("Ưu đãi đầu tư", "Investment incentives")),
                                     ("about", ("Giới thiệu", "About")), ("contact", ("Liên hệ", "Contact"))):
                title = tvi if lang == "vi" else ten
                body = ("Trang %s của cổng thông tin. Xem [danh sách nguồn](@/sources)." if lang == "vi"
                        else "The %s page of the portal. See the [list of sources](@/sources).") % title
                self._write(os.path.join(c, "pages", "%s.%s.md" % (slug, lang)),
                            "---\ntitle: %s\nsummary: %s\n---\n%s\n" % (q(title), q(title), body))
            for n in self.news:
                park = n["park"]
                title = n["title_" + lang]
                body = ("Bài viết về [%s](@/parks/%s) và các dự án mới." if lang == "vi"
                        else "An article about [%s](@/parks/%s) and new projects.") % (park["short_" + lang], park["slug"])
                self._write(os.path.join(c, "news", "%s.%s.md" % (n["slug"], lang)),
                            "---\ntitle: %s\ndate: %s\nsummary: %s\n---\n%s\n" % (q(title), n["date"], q(title), body))


FACT_ORDER = " ".join('"%s"' % k for k, _ in FACT_UNITS) + ' "land_area" "fdi_projects"'

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ .Site.Title }}</title>
{{ with .Summary }}<meta name="description" content="{{ . | plainify }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "style.css" | absURL }}">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav><ul>
<li><a href="{{ relLangURL "parks/" }}">{{ i18n "parks" }}</a></li>
<li><a href="{{ relLangURL "zones/" }}">{{ i18n "zones" }}</a></li>
<li><a href="{{ relLangURL "news/" }}">{{ i18n "news" }}</a></li>
<li><a href="{{ relLangURL "sources/" }}">{{ i18n "sources" }}</a></li>
</ul>
<ul class="languages">{{ range .Translations }}<li><a hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul>
</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>{{ .Site.Title }}</p></footer>
</body>
</html>
""",
    "partials/value.html": """{{- $lang := .lang -}}{{- $e := .entry -}}
{{- if reflect.IsMap $e.value }}{{ index $e.value $lang }}{{ else -}}
{{ if eq $e.qualifier "about" }}{{ i18n "about" }} {{ end }}{{ lang.FormatNumberCustom 2 $e.value | replaceRE "[.,]00$" "" }} {{ i18n (printf "unit_%s" $e.unit) }}{{ end -}}
{{ with $e.scope }} <span class="scope">({{ index . $lang }})</span>{{ end -}}
 <span class="as-of">({{ i18n "as_of" }} {{ $e.as_of }})</span>
{{- $src := index .sources $e.source }}<sup class="cite"><a href="{{ relLangURL "sources/" }}#{{ $e.source }}" title="{{ $src.title }}">[{{ $e.source }}]</a></sup>
""",
    "partials/sourcemap.html": """{{ $m := dict }}{{ range site.Data.sources }}{{ $m = merge $m (dict .id .) }}{{ end }}{{ return $m }}""",
    "partials/facts.html": """{{ $page := . }}{{ $lang := .Site.Language.Lang }}
{{ $sources := partialCached "sourcemap.html" "sources" "sources" }}
<dl class="facts">
{{ range $key := slice """ + FACT_ORDER + """ }}{{ with index $page.Params.facts $key }}
  {{ $entries := sort . "as_of" "desc" }}
  <div class="fact" id="fact-{{ $key }}"><dt>{{ i18n (printf "fact_%s" $key) }}</dt>
  <dd>{{ partial "value.html" (dict "entry" (index $entries 0) "lang" $lang "sources" $sources) }}
  {{ if gt (len $entries) 1 }}<details class="history"><summary>{{ i18n "also" }} ({{ sub (len $entries) 1 }})</summary><ul>
  {{ range after 1 $entries }}<li>{{ partial "value.html" (dict "entry" . "lang" $lang "sources" $sources) }}</li>{{ end }}
  </ul></details>{{ end }}</dd></div>
{{ end }}{{ end }}
</dl>
{{ $cited := slice }}{{ range $k, $v := .Params.facts }}{{ range $v }}{{ $cited = $cited | append .source }}{{ end }}{{ end }}
<section class="citations"><h2>{{ i18n "sources" }}</h2><ol>
{{ range ($cited | uniq | sort) }}{{ $s := index $sources . }}<li id="cite-{{ . }}">{{ $s.publisher }}: <a href="{{ $s.url }}">{{ $s.title }}</a> ({{ $s.date }})</li>{{ end }}
</ol></section>
""",
    "parks/single.html": """{{ define "main" }}{{ $lang := .Site.Language.Lang }}
<nav class="breadcrumb"><ol><li><a href="{{ .Site.Home.RelPermalink }}">{{ i18n "home" }}</a></li><li><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></li></ol></nav>
<article class="record record-park">
<header class="record-header"><h1>{{ .Title }}</h1>
<p class="badges"><span class="status status-{{ .Params.status }}">{{ i18n (printf "status_%s" .Params.status) }}</span>
{{ with .Site.GetPage (printf "/zones/%s" .Params.zone) }}<span class="badge">{{ i18n "zone" }}: <a href="{{ .RelPermalink }}">{{ .Title }}</a></span>{{ end }}</p>
<p class="muted">{{ delimit .Params.aliases_names ", " }}</p>
<p class="lead">{{ .Params.summary }}</p></header>
<div class="record-grid"><section class="panel"><h2>{{ i18n "key_facts" }}</h2>
<dl class="facts identity"><div class="fact"><dt>{{ i18n "developer" }}</dt><dd>{{ .Params.developer }}</dd></div>
<div class="fact"><dt>{{ i18n "sectors" }}</dt><dd>{{ range .Params.sectors }}<span class="tag">{{ index (index site.Data.sectors .) $lang }}</span>{{ end }}</dd></div></dl>
{{ partial "facts.html" . }}</section>
<div class="record-body"><div class="prose">{{ .Content }}</div>
<section><h2>{{ i18n "tenants" }}</h2><ul>{{ range .Params.tenants }}<li>{{ . }}</li>{{ end }}</ul></section>
</div></div></article>
{{ end }}
""",
    "zones/single.html": """{{ define "main" }}{{ $slug := .File.TranslationBaseName }}
<article class="record record-zone"><h1>{{ .Title }}</h1>
{{ partial "facts.html" . }}
<div class="prose">{{ .Content }}</div>
<section><h2>{{ i18n "parks" }}</h2><ul>
{{ range where (where .Site.RegularPages "Section" "parks") "Params.zone" $slug }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul></section></article>
{{ end }}
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ with .Date }}<p>{{ .Format "2006-01-02" }}</p>{{ end }}<div class="prose">{{ .Content }}</div></article>{{ end }}
""",
    "_default/sources.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ol>
{{ range site.Data.sources }}<li id="{{ .id }}">{{ .publisher }}: {{ with .url }}<a href="{{ . }}">{{ end }}{{ .title }}{{ if .url }}</a>{{ end }} ({{ .date }}, {{ .language }})</li>{{ end }}
</ol>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}{{ $lang := .Site.Language.Lang }}<h1>{{ .Title }}</h1>
{{ if eq .Section "parks" }}<div class="table-scroll"><table class="records"><thead><tr><th>{{ i18n "name" }}</th><th>{{ i18n "status" }}</th><th>{{ i18n "zone" }}</th><th>{{ i18n "total_area" }}</th><th>{{ i18n "occupancy" }}</th><th>{{ i18n "sectors" }}</th></tr></thead><tbody>
{{ range .Pages.ByTitle }}<tr><th scope="row"><a href="{{ .RelPermalink }}">{{ .Params.short_name }}</a></th>
<td>{{ i18n (printf "status_%s" .Params.status) }}</td><td>{{ .Params.zone }}</td>
<td class="number">{{ with .Params.facts.total_area }}{{ (index (sort . "as_of" "desc") 0).value }} ha{{ end }}</td>
<td class="number">{{ with .Params.facts.occupancy }}{{ (index (sort . "as_of" "desc") 0).value }}%{{ end }}</td>
<td>{{ range $i, $s := .Params.sectors }}{{ if $i }}, {{ end }}{{ index (index site.Data.sectors $s) $lang }}{{ end }}</td></tr>
{{ end }}</tbody></table></div>
{{ else }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }}: {{ . }}{{ end }}</li>{{ end }}</ul>{{ end }}
{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
{{ $parks := where .Site.RegularPages "Section" "parks" }}
<p>{{ len $parks }} {{ i18n "parks" }}, {{ len (where .Site.RegularPages "Section" "zones") }} {{ i18n "zones" }}</p>
<h2>{{ i18n "news" }}</h2><ul>{{ range first 5 (where .Site.RegularPages "Section" "news").ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<h2>{{ i18n "zones" }}</h2><ul>{{ range where .Site.RegularPages "Section" "zones" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
    "404.html": """{{ define "main" }}<h1>404</h1><p><a href="{{ .Site.Home.RelPermalink }}">{{ i18n "home" }}</a></p>{{ end }}
""",
    "_default/_markup/render-link.html": """{{- $dest := .Destination -}}
{{- if hasPrefix $dest "@/" -}}
{{- $parts := split (strings.TrimPrefix "@" $dest) "#" -}}
{{- $target := index $parts 0 -}}{{- if hasPrefix $target "/pages/" }}{{ $target = $target }}{{ end -}}
{{- $dest = relref .Page $target -}}{{- if gt (len $parts) 1 }}{{ $dest = printf "%s#%s" $dest (index $parts 1) }}{{ end -}}
{{- end -}}
<a href="{{ $dest | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>
""",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parks", type=int, required=True)
    ap.add_argument("--out", required=True, help="halong site root to write")
    ap.add_argument("--hugo", help="also write the equivalent Hugo site here")
    ap.add_argument("--seed", type=int, default=20260101)
    args = ap.parse_args()
    gen = Gen(args.parks, args.seed)
    gen.prepare()
    gen.write_halong(args.out)
    if args.hugo:
        gen.write_hugo(args.hugo)
    words = {lang: sum(len(p["prose"][lang][1].split()) for p in gen.parks) / len(gen.parks) for lang in LANGS}
    print("parks=%d sources=%d zones=%d words/page vi=%.0f en=%.0f" % (
        args.parks, len(gen.sources), len(gen.zones), words["vi"], words["en"]), file=sys.stderr)


if __name__ == "__main__":
    main()
