"""The periods become a view over period segments: a rollup writes the segments (the days of a store that share a
week, a month, a plan stage and whether they are to date), and each week, month, stage and plan period adds its
segments up when read.

Aggregating four grains and computing twenty derived figures for every period was most of a full rollup's time
once the day rows had become a view (docs/benchmarks.md). The view's SQL is ``rollups.sql.period_view`` as of this
migration, copied here so that the migration does not change when that code does.

The period rows of the dropped table are not carried over: every store's days with metrics or with an active
plan's targets are marked dirty, and the next rollup (nightly, or ``manage.py rollup``) writes their segments.
Reversing it drops the view and creates the empty table again.
"""

import django.db.models.deletion
from django.db import migrations, models


POSTGRES = """
    SELECT (CAST((store_id * 10 + CASE grain WHEN 'week' THEN 0 WHEN 'month' THEN 1 WHEN 'stage' THEN 2 WHEN 'plan' THEN 3 END) AS bigint) * 1000000 + (period_start - DATE '2000-01-01')) AS id, store_id, grain, period_start, period_end, stage, as_of, days,
           elapsed AS days_elapsed, 
    uv, pv, orders, gmv, ad_spend, refunds, t_uv AS target_uv, t_orders AS target_orders, t_gmv AS target_gmv,
    t_ad AS target_ad_spend,
    CAST(CASE WHEN uv > 0 THEN orders * 1.0 / uv END AS numeric(9, 6)) AS conversion,
    CAST(CASE WHEN orders > 0 THEN gmv * 1.0 / orders END AS numeric(14, 2)) AS aov,
    CAST(CASE WHEN ad_spend > 0 THEN gmv * 1.0 / ad_spend END AS numeric(12, 2)) AS roi,
    orders - t_orders AS orders_variance, gmv - t_gmv AS gmv_variance,
    CAST(CASE WHEN t_orders > 0 THEN orders * 1.0 / t_orders END AS numeric(9, 4)) AS orders_attainment,
    CAST(CASE WHEN t_gmv > 0 THEN gmv * 1.0 / t_gmv END AS numeric(9, 4)) AS gmv_attainment,
    uv_eff AS uv_effect, conv_eff AS conversion_effect, (gmv - t_gmv) - uv_eff - conv_eff AS aov_effect
    ,
           period_t_orders AS period_target_orders, period_t_gmv AS period_target_gmv,
           CAST(CASE WHEN elapsed > 0 THEN orders * 1.0 / elapsed * days END AS numeric(14, 1))
               AS projected_orders,
           CASE WHEN elapsed > 0 THEN ROUND(gmv * 1.0 / elapsed * days, 2) END AS projected_gmv,
           CAST(CASE WHEN elapsed > 0 AND period_t_orders > 0 THEN orders * 1.0 / elapsed * days / period_t_orders END AS numeric(9, 4)) AS pace_orders,
           CAST(CASE WHEN elapsed > 0 AND period_t_gmv > 0 THEN gmv * 1.0 / elapsed * days / period_t_gmv END AS numeric(9, 4)) AS pace_gmv,
           computed_at
    FROM (
        SELECT sums.*, (period_end - period_start) + 1 AS days,
               CASE WHEN period_start > as_of THEN 0 ELSE (CASE WHEN period_end < as_of THEN period_end ELSE as_of END - period_start) + 1 END AS elapsed,
               
    ROUND(CASE WHEN t_uv > 0 AND t_orders > 0 AND uv IS NOT NULL AND gmv IS NOT NULL
               THEN (uv - t_uv) * t_gmv * 1.0 / t_uv END, 2) AS uv_eff,
    ROUND(CASE WHEN t_uv > 0 AND t_orders > 0 AND uv IS NOT NULL AND gmv IS NOT NULL
               THEN (orders - uv * t_orders * 1.0 / t_uv) * t_gmv * 1.0 / t_orders END, 2) AS conv_eff

        FROM (
            SELECT 'week' AS grain, g.store_id, g.week AS period_start, (g.week + 6) AS period_end,
                   CAST(NULL AS integer) AS stage, SUM(CASE WHEN g.past THEN g.uv END) AS uv, SUM(CASE WHEN g.past THEN g.pv END) AS pv, SUM(CASE WHEN g.past THEN g.orders END) AS orders, SUM(CASE WHEN g.past THEN g.gmv END) AS gmv, SUM(CASE WHEN g.past THEN g.ad_spend END) AS ad_spend, SUM(CASE WHEN g.past THEN g.refunds END) AS refunds, SUM(CASE WHEN g.past THEN g.target_uv END) AS t_uv, SUM(CASE WHEN g.past THEN g.target_orders END) AS t_orders, SUM(CASE WHEN g.past THEN g.target_gmv END) AS t_gmv, SUM(CASE WHEN g.past THEN g.target_ad_spend END) AS t_ad, SUM(g.target_orders) AS period_t_orders, SUM(g.target_gmv) AS period_t_gmv, MAX(g.as_of) AS as_of, MAX(g.computed_at) AS computed_at
            FROM rollups_periodsegment g
            GROUP BY g.store_id, g.week
            UNION ALL
            SELECT 'month', g.store_id, g.month, CAST(g.month + interval '1 month - 1 day' AS date), NULL, SUM(CASE WHEN g.past THEN g.uv END) AS uv, SUM(CASE WHEN g.past THEN g.pv END) AS pv, SUM(CASE WHEN g.past THEN g.orders END) AS orders, SUM(CASE WHEN g.past THEN g.gmv END) AS gmv, SUM(CASE WHEN g.past THEN g.ad_spend END) AS ad_spend, SUM(CASE WHEN g.past THEN g.refunds END) AS refunds, SUM(CASE WHEN g.past THEN g.target_uv END) AS t_uv, SUM(CASE WHEN g.past THEN g.target_orders END) AS t_orders, SUM(CASE WHEN g.past THEN g.target_gmv END) AS t_gmv, SUM(CASE WHEN g.past THEN g.target_ad_spend END) AS t_ad, SUM(g.target_orders) AS period_t_orders, SUM(g.target_gmv) AS period_t_gmv, MAX(g.as_of) AS as_of, MAX(g.computed_at) AS computed_at
            FROM rollups_periodsegment g
            GROUP BY g.store_id, g.month
            UNION ALL
            SELECT 'stage', g.store_id, sp.start_date, sp.end_date, sp.number, SUM(CASE WHEN g.past THEN g.uv END) AS uv, SUM(CASE WHEN g.past THEN g.pv END) AS pv, SUM(CASE WHEN g.past THEN g.orders END) AS orders, SUM(CASE WHEN g.past THEN g.gmv END) AS gmv, SUM(CASE WHEN g.past THEN g.ad_spend END) AS ad_spend, SUM(CASE WHEN g.past THEN g.refunds END) AS refunds, SUM(CASE WHEN g.past THEN g.target_uv END) AS t_uv, SUM(CASE WHEN g.past THEN g.target_orders END) AS t_orders, SUM(CASE WHEN g.past THEN g.target_gmv END) AS t_gmv, SUM(CASE WHEN g.past THEN g.target_ad_spend END) AS t_ad, SUM(g.target_orders) AS period_t_orders, SUM(g.target_gmv) AS period_t_gmv, MAX(g.as_of) AS as_of, MAX(g.computed_at) AS computed_at
            FROM rollups_periodsegment g JOIN funnel_stageplan sp ON sp.plan_id = g.plan_id AND sp.number = g.stage
            GROUP BY g.store_id, sp.start_date, sp.end_date, sp.number
            UNION ALL
            SELECT 'plan', g.store_id, p.period_start, p.period_end, NULL, SUM(CASE WHEN g.past THEN g.uv END) AS uv, SUM(CASE WHEN g.past THEN g.pv END) AS pv, SUM(CASE WHEN g.past THEN g.orders END) AS orders, SUM(CASE WHEN g.past THEN g.gmv END) AS gmv, SUM(CASE WHEN g.past THEN g.ad_spend END) AS ad_spend, SUM(CASE WHEN g.past THEN g.refunds END) AS refunds, SUM(CASE WHEN g.past THEN g.target_uv END) AS t_uv, SUM(CASE WHEN g.past THEN g.target_orders END) AS t_orders, SUM(CASE WHEN g.past THEN g.target_gmv END) AS t_gmv, SUM(CASE WHEN g.past THEN g.target_ad_spend END) AS t_ad, SUM(g.target_orders) AS period_t_orders, SUM(g.target_gmv) AS period_t_gmv, MAX(g.as_of) AS as_of, MAX(g.computed_at) AS computed_at
            FROM rollups_periodsegment g JOIN funnel_plan p ON p.id = g.plan_id
            GROUP BY g.store_id, p.period_start, p.period_end
        ) sums
    ) timed
    """


def view_create(apps, schema_editor):
    schema_editor.execute("DROP TABLE rollups_periodrollup")
    schema_editor.execute(f"CREATE VIEW rollups_periodrollup AS {POSTGRES}")


def table_create(apps, schema_editor):
    schema_editor.execute("DROP VIEW rollups_periodrollup")
    schema_editor.create_model(apps.get_model("rollups", "PeriodRollup"))


def stores_mark_dirty(apps, schema_editor):
    """Every store's days with metrics or with an active plan: the next rollup writes their segments."""
    from django.db.models import Max, Min
    from django.utils import timezone

    DailyMetric = apps.get_model("funnel", "DailyMetric")
    Plan = apps.get_model("funnel", "Plan")
    DirtyRange = apps.get_model("rollups", "DirtyRange")
    spans = {}
    metrics = DailyMetric.objects.values("store_id").annotate(first=Min("date"), last=Max("date"))
    plans = Plan.objects.filter(status="active").values("store_id").annotate(
        first=Min("period_start"), last=Max("period_end")
    )
    for row in [*metrics, *plans]:
        first, last = spans.get(row["store_id"], (row["first"], row["last"]))
        spans[row["store_id"]] = (min(first, row["first"]), max(last, row["last"]))
    now = timezone.now()
    DirtyRange.objects.bulk_create(
        [DirtyRange(store_id=s, date_from=first, date_to=last, marked_at=now) for s, (first, last) in spans.items()],
        batch_size=1000,
    )



class Migration(migrations.Migration):

    dependencies = [
        ('funnel', '0003_stage_templates_from_playbook'),
        ('rollups', '0006_day_rollups_as_a_view'),
        ('stores', '0002_store_source_policy'),
    ]

    operations = [
        migrations.CreateModel(
            name='PeriodSegment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('week', models.DateField(verbose_name='week')),
                ('month', models.DateField(verbose_name='month')),
                ('stage', models.PositiveSmallIntegerField(null=True, verbose_name='stage')),
                ('past', models.BooleanField(verbose_name='to date')),
                ('first_day', models.DateField(verbose_name='first day')),
                ('last_day', models.DateField(verbose_name='last day')),
                ('as_of', models.DateField(verbose_name='as of')),
                ('computed_at', models.DateTimeField(verbose_name='computed at')),
                ('uv', models.PositiveIntegerField(null=True, verbose_name='UV')),
                ('pv', models.PositiveIntegerField(null=True, verbose_name='PV')),
                ('orders', models.PositiveIntegerField(null=True, verbose_name='orders')),
                ('gmv', models.DecimalField(decimal_places=2, max_digits=14, null=True, verbose_name='GMV')),
                ('ad_spend', models.DecimalField(decimal_places=2, max_digits=14, null=True, verbose_name='ad spend')),
                ('refunds', models.PositiveIntegerField(null=True, verbose_name='refunds')),
                ('target_uv', models.PositiveIntegerField(null=True, verbose_name='UV target')),
                ('target_orders', models.PositiveIntegerField(null=True, verbose_name='orders target')),
                ('target_gmv', models.DecimalField(decimal_places=2, max_digits=14, null=True, verbose_name='GMV target')),
                ('target_ad_spend', models.DecimalField(decimal_places=2, max_digits=14, null=True, verbose_name='ad spend target')),
                ('plan', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='funnel.plan')),
                ('store', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='stores.store')),
            ],
            options={
                'verbose_name': 'period segment',
                'verbose_name_plural': 'period segments',
                'ordering': ['store_id', 'first_day'],
                'indexes': [models.Index(fields=['store', 'first_day'], name='period_segment_store_day'), models.Index(condition=models.Q(('past', False)), fields=['store', 'first_day'], name='period_segment_ahead')],
            },
        ),
        migrations.RunPython(view_create, table_create),
        migrations.AlterModelOptions(
            name='periodrollup',
            options={'managed': False, 'ordering': ['store_id', 'grain', 'period_start'], 'verbose_name': 'period rollup', 'verbose_name_plural': 'period rollups'},
        ),
        migrations.RunPython(stores_mark_dirty, migrations.RunPython.noop),
    ]
