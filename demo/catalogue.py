"""The demo company's products: 山禾家居's home textiles, with prices, roles, lifecycle stages and sales weights."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    style: str
    list_price: Decimal
    cost: Decimal
    role: str
    lifecycle: str
    lead_time_days: int
    weight: float  # share of the store's daily orders, before normalising


def _item(code: str, zh: str, en: str, style: str, price: str, role: str, lifecycle: str, lead: int, weight: float):
    list_price = Decimal(price)
    cost = (list_price * Decimal("0.38")).quantize(Decimal("0.01"))
    return Item(code, f"{zh} {en}", style, list_price, cost, role, lifecycle, lead, weight)


T, P = "traffic_driver", "profit"
C, G, M = "cultivation", "growth", "maturity"
# The two main-push styles come first: the 20% of products that bring 80% of the traffic.
CATALOGUE = [
    _item("SH-BD-001", "天丝四件套", "Tencel bedding set", "1.8m 雾霾蓝", "399.00", T, M, 20, 30),
    _item("SH-QT-001", "冰丝夏凉被", "Ice-silk summer quilt", "200×230", "169.00", T, G, 15, 22),
    _item("SH-BD-002", "纯棉四件套", "Cotton bedding set", "1.5m 燕麦白", "299.00", P, M, 20, 4),
    _item("SH-BD-003", "水洗棉四件套", "Washed-cotton bedding set", "1.8m 灰粉", "259.00", P, M, 20, 3.5),
    _item("SH-BD-004", "长绒棉四件套", "Long-staple cotton set", "1.8m 奶咖", "599.00", P, G, 25, 2),
    _item("SH-BD-005", "法兰绒四件套", "Flannel bedding set", "1.8m 焦糖", "329.00", P, G, 20, 3),
    _item("SH-BD-006", "儿童纯棉三件套", "Kids' cotton set", "1.2m 小熊", "199.00", P, C, 20, 1.2),
    _item("SH-BD-007", "刺绣四件套", "Embroidered bedding set", "1.8m 米白", "699.00", P, C, 30, 0.8),
    _item("SH-QT-002", "大豆纤维被", "Soybean-fibre quilt", "200×230 春秋", "259.00", P, M, 18, 3),
    _item("SH-QT-003", "桑蚕丝被", "Mulberry silk quilt", "200×230 2斤", "899.00", P, G, 30, 1.5),
    _item("SH-QT-004", "白鹅绒羽绒被", "White goose-down duvet", "220×240 冬被", "1299.00", P, G, 35, 1.2),
    _item("SH-QT-005", "空调被", "Air-con quilt", "150×200", "99.00", T, M, 15, 4),
    _item("SH-QT-006", "A类婴儿豆豆被", "Baby minky blanket", "110×140", "129.00", P, C, 15, 1),
    _item("SH-PL-001", "泰国乳胶枕", "Thai latex pillow", "60×40 波浪", "159.00", T, M, 25, 5),
    _item("SH-PL-002", "荞麦枕", "Buckwheat pillow", "48×74", "89.00", P, M, 15, 2.5),
    _item("SH-PL-003", "记忆棉护颈枕", "Memory-foam neck pillow", "60×35", "199.00", P, G, 25, 2),
    _item("SH-PL-004", "羽丝绒枕芯一对", "Microfibre pillows (pair)", "48×74", "79.00", T, M, 15, 3.5),
    _item("SH-PL-005", "纯棉枕套一对", "Cotton pillowcases (pair)", "48×74 燕麦白", "49.00", T, M, 10, 3),
    _item("SH-MT-001", "加厚床垫", "Thick mattress topper", "1.8m 10cm", "359.00", P, G, 25, 1.8),
    _item("SH-MT-002", "乳胶床垫", "Latex mattress topper", "1.5m 5cm", "699.00", P, C, 30, 0.8),
    _item("SH-MT-003", "床笠单件", "Fitted sheet", "1.8m 灰色", "69.00", T, M, 12, 3),
    _item("SH-MT-004", "隔尿床垫", "Waterproof mattress protector", "1.5m", "89.00", P, G, 15, 1.5),
    _item("SH-TW-001", "长绒棉毛巾三条装", "Long-staple towels (3)", "34×76", "59.00", T, M, 10, 4),
    _item("SH-TW-002", "A类纯棉浴巾", "Cotton bath towel", "70×140", "79.00", P, M, 10, 2.5),
    _item("SH-TW-003", "珊瑚绒浴袍", "Coral-fleece bathrobe", "均码 藏青", "159.00", P, G, 20, 1),
    _item("SH-TW-004", "竹纤维方巾五条装", "Bamboo face cloths (5)", "34×34", "39.00", T, M, 10, 2),
    _item("SH-TW-005", "酒店款浴巾套装", "Hotel towel set", "浴巾+毛巾", "139.00", P, C, 15, 0.8),
    _item("SH-BL-001", "法兰绒毛毯", "Flannel blanket", "150×200 灰", "99.00", T, M, 15, 3),
    _item("SH-BL-002", "针织盖毯", "Knitted throw", "130×160 米白", "149.00", P, G, 20, 1.5),
    _item("SH-BL-003", "牛奶绒毯", "Milk-velvet blanket", "180×200", "129.00", P, G, 15, 1.5),
    _item("SH-BL-004", "午睡毯", "Nap blanket", "100×150", "59.00", P, M, 12, 1.2),
    _item("SH-CU-001", "北欧抱枕套", "Nordic cushion cover", "45×45 墨绿", "39.00", T, M, 10, 2),
    _item("SH-CU-002", "羽绒抱枕芯", "Down cushion insert", "45×45", "69.00", P, M, 15, 1),
    _item("SH-CU-003", "坐垫", "Chair cushion", "45×45 加厚", "49.00", P, G, 12, 1),
    _item("SH-CT-001", "遮光窗帘", "Blackout curtain", "2×2.7m 灰", "259.00", P, G, 20, 1.2),
    _item("SH-CT-002", "纱帘", "Sheer curtain", "2×2.7m 白", "129.00", P, G, 20, 0.8),
    _item("SH-TB-001", "棉麻桌布", "Cotton-linen tablecloth", "140×180", "69.00", P, M, 12, 1),
    _item("SH-TB-002", "防水餐垫四片装", "Waterproof placemats (4)", "45×30", "39.00", P, C, 12, 0.6),
    _item("SH-FM-001", "硅藻泥地垫", "Diatomite bath mat", "40×60", "59.00", T, M, 12, 2),
    _item("SH-FM-002", "床边地毯", "Bedside rug", "80×160 米色", "189.00", P, G, 20, 0.8),
    _item("SH-ST-001", "布艺收纳箱", "Fabric storage box", "66L 两只装", "79.00", P, M, 15, 1.5),
    _item("SH-ST-002", "被子收纳袋", "Quilt storage bag", "大号 三只装", "49.00", P, M, 12, 1.2),
    _item("SH-ST-003", "衣柜分隔收纳盒", "Wardrobe organiser", "五格", "39.00", P, C, 12, 0.6),
    _item("SH-SL-001", "真丝眼罩", "Silk eye mask", "均码", "69.00", P, C, 15, 0.5),
    _item("SH-SL-002", "纯棉家居服", "Cotton loungewear", "女款 M", "199.00", P, C, 20, 0.5),
]
assert len({i.code for i in CATALOGUE}) == len(CATALOGUE) == 45

# Products per store: the flagship carries the whole range, the JD shop most of it; the Douyin shop is in its
# first selection. The first two of each list are the store's main-push items.
STORE_RANGE = {
    "tmall-flagship": [i.code for i in CATALOGUE],
    "jd-shop": [i.code for i in CATALOGUE if not i.code.startswith(("SH-SL", "SH-CT"))],
    "douyin-shop": [
        "SH-QT-001",
        "SH-PL-001",
        "SH-BD-001",
        "SH-QT-005",
        "SH-TW-001",
        "SH-PL-004",
        "SH-BL-001",
        "SH-FM-001",
        "SH-CU-001",
        "SH-TW-004",
        "SH-MT-003",
        "SH-PL-005",
    ],
}
# One listed item sold out (delist it now) and one below its reorder point, per store that has history.
SOLD_OUT = {"tmall-flagship": "SH-TW-002", "jd-shop": "SH-PL-002"}
BELOW_REORDER = {"tmall-flagship": "SH-BL-001", "jd-shop": "SH-QT-002"}
DELISTED = {"tmall-flagship": ["SH-SL-002"]}
SALES_DAYS = 90
