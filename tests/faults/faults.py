"""Realistic faults, each seeded on its own, and the tests that must catch it (``make faults``).

A fault replaces one piece of source (``find``, which must occur exactly once in ``path``)
with a plausible mistake (``replace``). When a defect is found that the suite let through,
its fault joins this list together with the test that now catches it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    name: str
    path: str
    find: str
    replace: str
    tests: tuple[str, ...]
    needs: str = ""  # "postgres": run only where DATABASE_URL points at PostgreSQL


FAULTS = [
    # --- Readiness -------------------------------------------------------------------------------
    Fault(
        "a score exactly at a threshold falls to the tier below",
        "kencana/readiness/tiers.py",
        "if score >= bound]",
        "if score > bound]",
        ("tests/readiness/test_tiers.py",),
    ),
    Fault(
        "the library pages let a partner open a draft version",
        "kencana/readiness/selectors.py",
        """        TemplateVersion.objects.filter(template__in=library_list(user=user))
        .exclude(state=VersionState.DRAFT)""",
        """        TemplateVersion.objects.filter(template__in=library_list(user=user))""",
        ("tests/readiness/test_library_views.py",),
    ),
    Fault(
        '"today" is the UTC date, not the district\'s',
        "kencana/core/clock.py",
        "return local(timezone.now(), tz_name).date()",
        "return timezone.now().date()",
        (
            "tests/readiness/test_local_today.py",
            "tests/response/test_events.py",
            "tests/logistics/test_document_dates.py",
        ),
    ),
    Fault(
        "a refused upload still saves the answers of the same form",
        "kencana/readiness/services.py",
        "_save_answers(report, by, entries, problems)",
        "_save_answers(report, by, entries)",
        ("tests/readiness/test_views.py::test_a_save_with_a_refused_upload_changes_nothing_at_all",),
    ),
    Fault(
        "an officer's due reports name only the kecamatan and the period",
        "kencana/dashboard/templates/dashboard/home_officer.html",
        "{{ p.unit_name }} · {{ p.assignment.version.template.name }} · {{ p.label }}",
        "{{ p.kecamatan.name }} · {{ p.label }}",
        ("tests/pages/test_link_purpose.py",),
    ),
    Fault(
        "whether an officer works on a kecamatan is read again for every row of a page",
        "kencana/accounts/permissions.py",
        "kecamatan_id in _officer_kecamatan_ids(user)",
        "user.kecamatan.filter(pk=kecamatan_id).exists()",
        (
            "tests/readiness/test_units.py::test_the_readiness_page_asks_the_same_queries_for_two_open_drafts_as_for_four",
        ),
    ),
    Fault(
        "a report sent to BPBD still offers its filer to continue it",
        "kencana/accounts/permissions.py",
        "    return report.is_open and may_fill_report(user, report)",
        "    return may_fill_report(user, report)",
        ("tests/pages/test_report_buttons.py",),
    ),
    Fault(
        "the field style names the input types it covers, and a date-and-time field is left as the browser draws it",
        "static/css/kencana.css",
        "input:not([type=checkbox], [type=radio], [type=hidden], [type=submit], [type=button], [type=reset], [type=image], [type=range], [type=color]), select, textarea {",
        "input[type=text], input[type=password], input[type=email], input[type=number], input[type=date], input[type=search], input[type=file], select, textarea {",
        ("tests/browser/test_trust.py::test_every_page_draws_its_fields_figures_and_charts_truly",),
    ),
    Fault(
        "a report's section bars take their width from a figure the browser cannot read",
        "kencana/readiness/templates/readiness/_summary.html",
        'style="width: {{ s.score|unlocalize }}%"',
        "style=\"width: {{ s.score|stringformat:'.0f' }}%\"",
        ("tests/browser/test_trust.py::test_every_page_draws_its_fields_figures_and_charts_truly",),
    ),
    Fault(
        "a district's staff are offered a choice of their one district",
        "kencana/upward/templates/upward/index.html",
        '  {% if districts|length > 1 %}<label class="field">',
        '  {% if districts %}<label class="field">',
        ("tests/browser/test_trust.py::test_every_page_draws_its_fields_figures_and_charts_truly",),
    ),
    Fault(
        "the score line's last period label runs off the chart",
        "kencana/dashboard/charts.py",
        "        margin_right=max(8, half),\n",
        "",
        ("tests/browser/test_trust.py::test_every_page_draws_its_fields_figures_and_charts_truly",),
    ),
    # --- Logistics -------------------------------------------------------------------------------
    Fault(
        "a dispatch reads only the lots that hold enough today, not those that had it on its date",
        "logistics/services/documents.py",
        "            read_days(candidates)\n",
        "            pass\n",
        (
            "tests/logistics/test_document_dates.py::test_a_backdated_dispatch_passes_over_the_first_lot_in_fefo_order_when_it_arrived_later",
        ),
    ),
    Fault(
        "a retry's amounts are written in the language of its request, so a retry in English is refused",
        "logistics/services/documents.py",
        '        return format(Decimal(str(value)).normalize(), "f")\n',
        "        return fmt(Decimal(str(value)))\n",
        ("tests/logistics/test_idempotency.py::test_a_retry_in_another_language_is_the_same_request",),
    ),
    Fault(
        "lots without an expiry date leave first",
        "logistics/services/documents.py",
        "lots[pk].expiry_date or datetime.date.max",
        "lots[pk].expiry_date or datetime.date.min",
        ("tests/logistics/test_ledger.py",),
    ),
    Fault(
        "balances are read without a row lock (mixed document kinds race)",
        "logistics/services/ledger.py",
        "rows = Balance.objects.select_for_update().filter(condition)",
        "rows = Balance.objects.filter(condition)",
        ("tests/logistics/test_concurrency.py",),
        needs="postgres",
    ),
    Fault(
        "lots are picked without a row lock",
        "logistics/services/ledger.py",
        """        Balance.objects.select_for_update()
        .filter(warehouse_id=warehouse_id""",
        """        Balance.objects.filter(warehouse_id=warehouse_id""",
        ("tests/logistics/test_concurrency.py",),
        needs="postgres",
    ),
    Fault(
        "receiving a shipment no longer updates its request",
        "logistics/services/documents.py",
        "        request_refresh_status(request_id=document.request_id)\n",
        "        pass\n",
        ("tests/logistics/test_requests.py",),
    ),
    # --- Alerts ----------------------------------------------------------------------------------
    Fault(
        "acknowledged alerts never resolve when their condition clears",
        "kencana/alerts/engine.py",
        "unresolved = Alert.objects.filter(rule=rule.code).exclude(state=Alert.State.RESOLVED)",
        "unresolved = Alert.objects.filter(rule=rule.code, state=Alert.State.OPEN)",
        ("tests/alerts/test_escalation.py",),
    ),
    Fault(
        "a tick that read the alert before its acknowledgement still pages",
        "kencana/alerts/escalation.py",
        "    return guard & Q(state=Alert.State.OPEN) if planned.guard_open else guard\n",
        "    return guard\n",
        ("tests/alerts/test_escalation.py",),
    ),
    Fault(
        "a tick's batch pages for an alert another task fired after the tick read it",
        "kencana/alerts/escalation.py",
        "            if changed != len(planned):\n",
        "            if changed == 0:\n",
        (
            "tests/alerts/test_escalation.py::test_a_tick_whose_batch_holds_an_alert_fired_meanwhile_fires_the_others_and_that_one_once",
        ),
    ),
    Fault(
        "a delivery is claimed whatever its state, so a second run sends it again",
        "kencana/alerts/notifications/delivery.py",
        "status=Delivery.Status.PENDING, next_attempt_at__lte=now).update(",
        "next_attempt_at__lte=now).update(",
        ("tests/alerts/test_outbox.py::test_delivering_twice_sends_once",),
    ),
    Fault(
        "a worker that died on the last attempt leaves its delivery to be tried once more",
        "kencana/alerts/notifications/delivery.py",
        "exhausted = delivery.attempts >= settings.ALERTS_MAX_ATTEMPTS",
        "exhausted = delivery.attempts > settings.ALERTS_MAX_ATTEMPTS",
        ("tests/alerts/test_worker_faults.py::test_a_dead_worker_on_the_last_attempt_fails_the_delivery",),
    ),
    # --- Cached pages, one cause at a time -------------------------------------------------------
    Fault(
        "the engine's severity raise is not announced",
        "kencana/alerts/engine.py",
        "    events.alert_changed.announce(district_id=alert.district_id, alert=alert)\n    return True",
        "    return True",
        ("tests/dashboard/test_home_cache.py",),
    ),
    Fault(
        "a risk profile saved is not announced",
        "kecamatan/services.py",
        "    events.risk_changed.announce(district_id=kecamatan.district_id)\n    return profile",
        "    return profile",
        ("tests/dashboard/test_map_cache.py",),
    ),
    Fault(
        "a new minimum is not announced",
        "logistics/services/planning.py",
        "    events.warehouses_changed.announce(district_id=warehouse.district_id)\n    return minimum",
        "    return minimum",
        ("tests/dashboard/test_map_cache.py",),
    ),
    Fault(
        "a new warehouse is not announced",
        "logistics/services/planning.py",
        "    events.warehouses_changed.announce(district_id=warehouse.district_id)\n    return warehouse",
        "    return warehouse",
        ("tests/dashboard/test_map_cache.py",),
    ),
    Fault(
        "moved stock is not announced",
        "logistics/services/ledger.py",
        "    events.stock_changed.announce(",
        "    (lambda **facts: None)(",
        ("tests/dashboard/test_map_cache.py",),
    ),
    Fault(
        "a renamed kecamatan is not announced",
        "kecamatan/importers.py",
        "            progress(number, total)\n    events.territory_changed.announce(district_ids=None)",
        "            progress(number, total)",
        ("tests/dashboard/test_map_cache.py",),
    ),
    Fault(
        "a verified report is not announced",
        "kencana/readiness/services.py",
        "        events.report_verified.announce(district_id=report.kecamatan.district_id, report=report, by=by)\n",
        "",
        ("tests/dashboard/test_map_cache.py",),
    ),
    Fault(
        "the dashboard stops hearing one kind of event",
        "kencana/dashboard/subscriptions.py",
        "    for event in events.ALL:",
        "    for event in events.ALL[1:]:",
        ("tests/dashboard/test_events.py",),
    ),
    # --- Who may do what, and the error boundary -------------------------------------------------
    Fault(
        "BPBD staff act in any district",
        "kencana/accounts/permissions.py",
        "return user.is_bpbd and (district_id is None or user.district_id == district_id)",
        "return user.is_bpbd",
        ("tests/accounts/test_permissions.py",),
    ),
    Fault(
        "an officer acts on any kecamatan of the district",
        "kencana/accounts/permissions.py",
        "return _active(user) and user.district_id == district_id and _officer_of(user, kecamatan_id)",
        "return _active(user) and user.district_id == district_id and is_officer(user)",
        ("tests/accounts/test_permissions.py",),
    ),
    Fault(
        "an officer sees every kecamatan of the district",
        "kencana/accounts/scope.py",
        "return Kecamatan.objects.filter(district_id=user.district_id, officers=user)",
        "return Kecamatan.objects.filter(district_id=user.district_id)",
        ("tests/accounts/test_scope.py",),
    ),
    Fault(
        "a service's refusal reaches the API without its reason",
        "kencana/core/api.py",
        "exc = exceptions.PermissionDenied(str(exc) or None)",
        "exc = exceptions.PermissionDenied()",
        ("tests/core/test_errors.py",),
    ),
    # --- The tree ---------------------------------------------------------------------------------
    Fault(
        "the template library reaches up into an app that uses it",
        "kencana/library/selectors.py",
        "from kencana.accounts.scope import library_districts_for\n",
        "from kencana.accounts.scope import library_districts_for\nfrom kencana.readiness.periods import period_bounds\n",
        ("tests/core/test_layers.py",),
    ),
    # --- Filters shared by pages and the API -------------------------------------------------------
    Fault(
        "the agencies page's search box matches whole names only",
        "kencana/plans/filters.py",
        'field_name="name", lookup_expr="icontains", label="Name contains (as the agencies page',
        'field_name="name", lookup_expr="exact", label="Name contains (as the agencies page',
        ("tests/plans/test_filters.py",),
    ),
    Fault(
        "the inbox's unread-only view shows read notifications too",
        "kencana/alerts/filters.py",
        'field_name="read_at", lookup_expr="isnull", label="Only unread',
        'field_name="read_at", lookup_expr="isnull", exclude=True, label="Only unread',
        ("tests/alerts/test_views.py::test_the_inbox_page_and_the_api_show_unread_only_alike",),
    ),
    # --- Messaging channels ---------------------------------------------------------------------
    Fault(
        "a provider's Retry-After is ignored: the retry comes after the backoff only",
        "kencana/alerts/notifications/delivery.py",
        "wait = max(backoff(delivery.attempts), datetime.timedelta(seconds=retry_after or 0))",
        "wait = backoff(delivery.attempts)",
        ("tests/alerts/test_channels.py::test_a_429_waits_as_long_as_the_provider_says",),
    ),
    Fault(
        "a wrong verification code is counted inside the refused transaction, so never",
        "kencana/alerts/services.py",
        """        else:
            # Counted before refusing (the refusal must not roll the count back): guessing ends at five.
            MessagingContact.objects.filter(pk=contact.pk).update(code_tries=F("code_tries") + 1)
    if not right:
        raise ValidationError({"code": _("That code is not right.")})""",
        """        else:
            MessagingContact.objects.filter(pk=contact.pk).update(code_tries=F("code_tries") + 1)
            raise ValidationError({"code": _("That code is not right.")})""",
        ("tests/alerts/test_channels.py::test_a_code_expires_and_wrong_tries_are_limited",),
    ),
    Fault(
        "an unsigned WhatsApp webhook is believed",
        "kencana/messaging/inbound.py",
        'if not _secret_matches(headers.get("X-Hub-Signature-256", ""), expected):',
        'if secret and not _secret_matches(headers.get("X-Hub-Signature-256", ""), expected) and False:',
        ("tests/messaging/test_webhooks.py::test_a_forged_whatsapp_webhook_is_refused_and_stores_nothing",),
    ),
    Fault(
        "an SMS alert is cut mid-word to fit",
        "kencana/alerts/channels/compose.py",
        '    head = cut.rsplit(None, 1)[0] if " " in cut.strip() else cut[: limit - len(ELLIPSIS)]',
        "    head = cut[: limit - len(ELLIPSIS)]",
        ("tests/alerts/test_channels.py",),
    ),
    # --- Operations --------------------------------------------------------------------------------
    Fault(
        "a restore loads its rows outside one transaction",
        "kencana/operations/archive.py",
        "        with transaction.atomic():\n            for model in restored:",
        "        if True:\n            for model in restored:",
        (
            "tests/operations/test_district_archive.py::test_a_row_refused_midway_through_the_load_restores_nothing_at_all",
        ),
    ),
    Fault(
        "a cell starting with = is written as a formula",
        "kencana/core/exports.py",
        'FORMULA_STARTS = ("=", "+", "-", "@", "\\t", "\\r")',
        'FORMULA_STARTS = ("+", "-", "@", "\\t", "\\r")',
        ("tests/core/test_exports.py",),
    ),
    Fault(
        "the file broker writes its control folder into the checkout",
        "kencana/settings.py",
        '        "control_folder": str(_broker_dir / "control"),  # not ./control in the working tree\n',
        "",
        ("tests/core/test_settings.py",),
    ),
    # --- Plans and the response -------------------------------------------------------------------
    Fault(
        "editing a quick-response card replaces its steps and unlinks the tasks made from them",
        "kencana/plans/services.py",
        '        same = existing.get((values["action"], values["role"]))\n',
        "        same = None\n",
        (
            "tests/response/test_tasks.py::test_editing_the_card_keeps_its_live_tasks_linked_to_the_steps_still_on_it",
            "tests/pages/test_forms_post_back.py::test_every_form_posted_back_unchanged_changes_nothing[plans:card_edit]",
        ),
    ),
    # --- Shelters ----------------------------------------------------------------------------------
    Fault(
        "a count whose people by sex and age exceed the total is saved",
        "kencana/shelters/services.py",
        "    if parts > people:\n",
        "    if parts > people + 1_000_000:\n",
        ("tests/shelters/test_services.py",),
    ),
    Fault(
        "a shelter's shortfall ignores what its store holds",
        "kencana/shelters/selectors.py",
        "max(Decimal(0), row.lacking[shelter.pk] - held.get(key, 0))",
        "max(Decimal(0), row.lacking[shelter.pk])",
        ("tests/shelters/test_views.py",),
    ),
    Fault(
        "an officer counts the shelters of another kecamatan",
        "kencana/accounts/permissions.py",
        "    return _works_on(user, district_id=shelter.district_id, kecamatan_id=shelter.kecamatan_id)",
        "    return _active(user) and user.district_id == shelter.district_id",
        ("tests/shelters/test_services.py",),
    ),
]
