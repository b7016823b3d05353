"""The operations playbook's numbers, each written once (the playbook's digest, "Targets and rules stated in the
seeds"). Every use reads them from here. Where the playbook lets the operations manager change a number for a
store, the number here is the default of the field that holds the store's own, and stays a default:

- Milestones: a positive-rating rate of at least 98.5%; at least 30 orders a day from February, 50 after
  Double 12, and 200 a day as the ultimate goal. A new plan copies them as its milestones (funnel ``Milestone``),
  which the manager edits; the rate is also the customer-service log's target, the rating alert's, and the
  default of a store's assessment target (``AssessmentPolicy.positive_target``).
- Funnel arithmetic (seed 004): a 2% target conversion, where a new plan's stages start
  (``StagePlan.conversion``).
- Shop size: 40–50 listed products and 2 main-push styles (a store's ``StockPolicy.listed_min``, ``listed_max``
  and ``main_push_target``; the shop health checks without a policy).
- Stock: main items keep 30–50 units on hand (``StockPolicy.main_push_safety_stock``, 30 by default); a
  promotion's stock is decided at least a week before it starts (``StockPolicy.decision_days``).
- Price: normal sales never below 70% of list price (7折), except the large platform events.

The five-stage traffic funnel's table (引流工作五步走) is the stage templates' seed, ``funnel.playbook``; a plan
copies the templates, and its stages are the manager's to change.
"""

from decimal import Decimal

# Milestones
POSITIVE_RATE_TARGET = Decimal("98.5")  # percent: 好评率 ≥ 98.5%
# Not the playbook's own: how far below the target the rating alert turns critical (percent).
POSITIVE_RATE_CRITICAL = Decimal("97")
ORDERS_A_DAY_FROM_FEBRUARY = 30
ORDERS_A_DAY_AFTER_DOUBLE_12 = 50
ORDERS_A_DAY_GOAL = 200

# Funnel arithmetic
TARGET_CONVERSION = Decimal("0.02")

# Shop size
LISTED_MIN = 40
LISTED_MAX = 50
MAIN_PUSH_ITEMS = 2

# Stock
MAIN_PUSH_SAFETY_STOCK = 30  # units: the low end of the 30–50 on hand
STOCK_DECISION_DAYS = 7

# Price
PRICE_FLOOR_SHARE = Decimal("0.70")  # of list price: 7折
