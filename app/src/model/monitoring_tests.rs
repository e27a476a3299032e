//! Effect monitoring: indicators, measurements that replace provisional
//! figures, the standing against the target, bad figures refused, forged
//! figures ignored, concurrent edits converging with conflicts visible.

use automerge::ReadDoc;
use automerge::transaction::Transactable;

use super::monitoring::indicator::IndicatorEdit;
use super::monitoring::kinds::{Direction, MeasurementStatus, Standing, Unit};
use super::monitoring::measurement::NewMeasurement;
use super::schema::INDICATORS;
use super::tests::{actor_of, replica, two_partner_alliance};
use super::*;

/// An alliance with the Hillegom effect and an indicator on it: the share
/// of residents waiting over three months, baseline 18 % in 2025, target
/// 10 % by the end of 2027, amber below 14 %.
fn with_indicator() -> (Alliance, Author, Author, String) {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let effect = alliance
        .add_effect(
            &gemeente,
            &NewEffect {
                text: "Minder inwoners wachten langer dan drie maanden op een passende woning met zorg".into(),
                indicator: String::new(),
                target: String::new(),
            },
        )
        .expect("effect");
    let indicator = alliance
        .add_indicator(
            &gemeente,
            &IndicatorEdit {
                effect: Some(effect),
                name: Some("Wachtenden langer dan drie maanden (%)".into()),
                unit: Some(Unit::Percent),
                direction: Some(Direction::Lower),
                baseline: Some(("18".into(), "2025".into())),
                target: Some(("10".into(), "31-12-2027".into())),
                amber: Some("14".into()),
                owner: Some("Gemeente Zwolle".into()),
                ..IndicatorEdit::default()
            },
        )
        .expect("indicator");
    (alliance, gemeente, zorg, indicator)
}

fn figure(period: &str, value: &str, status: MeasurementStatus) -> NewMeasurement {
    NewMeasurement {
        period: period.into(),
        value: value.into(),
        status,
        note: String::new(),
    }
}

#[test]
fn a_final_figure_replaces_a_provisional_one_and_both_stay_in_the_history() {
    let (mut alliance, gemeente, zorg, indicator) = with_indicator();
    let quarters = [
        figure("2026-Q1", "17,5", MeasurementStatus::Provisional),
        figure("2026-Q2", "16", MeasurementStatus::Provisional),
        figure("2026-Q3", "15,2", MeasurementStatus::Provisional),
        figure("2026 q4", "13,8", MeasurementStatus::Provisional),
    ];
    alliance
        .add_measurements(&zorg, &indicator, &quarters)
        .expect("measurements");
    alliance
        .add_measurements(
            &gemeente,
            &indicator[..6],
            &[figure("2026-Q2", "15,5", MeasurementStatus::Final)],
        )
        .expect("final");
    let view = alliance.view();
    let found = &view.indicators[0];
    assert_eq!(found.history.len(), 5);
    assert_eq!(found.measurements.len(), 4);
    assert_eq!(found.measurements[1].value, 15.5);
    assert_eq!(found.measurements[1].status, MeasurementStatus::Final);
    assert_eq!(found.measurements[3].period, "2026-Q4");
    assert_eq!(
        found.standing,
        Some(Standing::Orange),
        "13,8 is under the amber 14"
    );
    assert_eq!(found.trend, Some(Trend::Better));
    assert_eq!(found.owner, gemeente.partner_id);
    assert_eq!(found.baseline, Some(18.0));
    assert_eq!(found.target_date, "2027-12-31");
}

#[test]
fn bad_figures_are_refused_and_change_nothing() {
    let (mut alliance, gemeente, _, indicator) = with_indicator();
    let before = alliance.heads();
    let good = figure("2026-Q1", "12", MeasurementStatus::Provisional);
    for bad in [
        figure("2026-Q1", "120", MeasurementStatus::Provisional),
        figure("2026-Q9", "12", MeasurementStatus::Provisional),
        figure("2026-Q1", "twaalf", MeasurementStatus::Provisional),
        figure("2026-Q1", "111222333", MeasurementStatus::Provisional),
        NewMeasurement {
            note: "navraag bij 123456782".into(),
            ..good.clone()
        },
    ] {
        let refused = alliance
            .add_measurements(&gemeente, &indicator, &[good.clone(), bad.clone()])
            .expect_err("refused");
        assert!(
            matches!(refused, ModelError::BadValue(_) | ModelError::BadPeriod(_)),
            "{bad:?}: {refused:?}"
        );
    }
    assert!(matches!(
        alliance.add_indicator(
            &gemeente,
            &IndicatorEdit {
                effect: Some("ffff".into()),
                name: Some("X".into()),
                unit: Some(Unit::Count),
                direction: Some(Direction::Higher),
                ..IndicatorEdit::default()
            }
        ),
        Err(ModelError::NotFound { .. })
    ));
    assert!(matches!(
        alliance.edit_indicator(
            &gemeente,
            &indicator,
            &IndicatorEdit {
                direction: Some(Direction::Band),
                ..IndicatorEdit::default()
            }
        ),
        Err(ModelError::BandMissing)
    ));
    assert_eq!(alliance.heads(), before);
}

/// A member's device overwrites another partner's figure straight in the
/// document.
#[test]
fn a_forged_figure_does_not_count() {
    let (mut alliance, gemeente, zorg, indicator) = with_indicator();
    let ids = alliance
        .add_measurements(
            &gemeente,
            &indicator,
            &[figure("2026-Q1", "12", MeasurementStatus::Final)],
        )
        .expect("figure");
    let mut forger = replica(&mut alliance);
    forger.document_mut().set_actor(actor_of(&zorg.device));
    let doc = forger.document_mut();
    let (_, indicators) = doc.get(automerge::ROOT, INDICATORS).unwrap().unwrap();
    let (_, obj) = doc.get(&indicators, indicator.as_str()).unwrap().unwrap();
    let (_, map) = doc.get(&obj, "measurements").unwrap().unwrap();
    let (_, m) = doc.get(&map, ids[0].as_str()).unwrap().unwrap();
    doc.put(&m, "value", automerge::ScalarValue::F64(2.0))
        .unwrap();
    doc.commit();
    assert_eq!(forger.view().indicators[0].measurements[0].value, 12.0);
}

#[test]
fn concurrent_edits_converge_with_the_conflict_visible() {
    let (mut base, gemeente, zorg, indicator) = with_indicator();
    let mut left = replica(&mut base);
    let mut right = replica(&mut base);
    let rename = |name: &str| IndicatorEdit {
        name: Some(name.into()),
        ..IndicatorEdit::default()
    };
    left.edit_indicator(&gemeente, &indicator, &rename("Wachttijd > 3 maanden"))
        .expect("edit");
    right
        .edit_indicator(&zorg, &indicator, &rename("Lang wachtenden"))
        .expect("edit");
    left.add_measurements(
        &gemeente,
        &indicator,
        &[figure("2026-Q1", "17", MeasurementStatus::Provisional)],
    )
    .expect("figure");
    right
        .add_measurements(
            &zorg,
            &indicator,
            &[figure("2026-Q1", "16,5", MeasurementStatus::Revised)],
        )
        .expect("figure");
    let mut a = replica(&mut left);
    let mut b = replica(&mut right);
    a.document_mut().merge(right.document_mut()).expect("merge");
    b.document_mut().merge(left.document_mut()).expect("merge");
    let (va, vb) = (a.view(), b.view());
    assert_eq!(va.indicators, vb.indicators);
    let found = &va.indicators[0];
    assert!(
        found.conflicts.iter().any(|c| c.field == "name"),
        "{:?}",
        found.conflicts
    );
    assert_eq!(found.history.len(), 2);
    assert_eq!(found.measurements[0].value, 16.5, "the more final figure");
}

#[test]
fn an_intervention_links_effects_and_agreements_and_keeps_its_milestones_in_order() {
    use super::monitoring::intervention::InterventionEdit;
    use super::monitoring::kinds::InterventionStatus;
    let (mut alliance, gemeente, zorg, _) = with_indicator();
    let effect = alliance.view().ambition.effects[0].id.clone();
    let agreement = alliance
        .add_agreement(&gemeente, "Wijkteams", "Eén team per wijk")
        .expect("agreement");
    let id = alliance
        .add_intervention(
            &gemeente,
            &InterventionEdit {
                title: Some("Huisbezoek na twee signalen".into()),
                effects: Some(vec![effect.clone()]),
                agreements: Some(vec![agreement[..6].to_owned()]),
                partners: Some(vec!["Zorggroep Noord".into()]),
                start: Some("1-1-2027".into()),
                end: Some("31-12-2027".into()),
                ..InterventionEdit::default()
            },
        )
        .expect("intervention");
    alliance
        .add_milestone(&zorg, &id, "1-6-2027", "Evaluatie", "")
        .expect("milestone");
    alliance
        .add_milestone(&zorg, &id, "1-3-2027", "Start", "")
        .expect("milestone");
    let before = alliance.heads();
    assert!(matches!(
        alliance.edit_intervention(
            &zorg,
            &id,
            &InterventionEdit {
                end: Some("1-1-2026".into()),
                ..InterventionEdit::default()
            }
        ),
        Err(ModelError::EndsBeforeStart)
    ));
    assert!(matches!(
        alliance.add_milestone(&zorg, &id, "31-02-2027", "Nooit", ""),
        Err(ModelError::BadDate(_))
    ));
    assert_eq!(alliance.heads(), before);
    let mut other = replica(&mut alliance);
    other
        .edit_intervention(
            &zorg,
            &id,
            &InterventionEdit {
                status: Some(InterventionStatus::Running),
                ..InterventionEdit::default()
            },
        )
        .expect("status");
    alliance
        .document_mut()
        .merge(other.document_mut())
        .expect("merge");
    let view = alliance.view();
    let found = &view.interventions[0];
    assert_eq!(found.status, InterventionStatus::Running);
    assert_eq!(found.effects, vec![effect]);
    assert_eq!(found.agreements, vec![agreement]);
    assert_eq!(found.partners, vec![zorg.partner_id.clone()]);
    let dates: Vec<&str> = found.milestones.iter().map(|m| m.date.as_str()).collect();
    assert_eq!(dates, vec!["2027-03-01", "2027-06-01"]);
}

#[test]
fn the_chart_places_each_current_figure_with_the_baseline_and_target() {
    let (mut alliance, _, zorg, indicator) = with_indicator();
    alliance
        .add_measurements(
            &zorg,
            &indicator,
            &[
                figure("2026-Q1", "17", MeasurementStatus::Final),
                figure("2026-Q2", "15,5", MeasurementStatus::Final),
                figure("2026-Q4", "12", MeasurementStatus::Provisional),
            ],
        )
        .expect("figures");
    let view = alliance.view().indicators.remove(0);
    let chart = super::monitoring::chart::chart(&view).expect("a chart");
    let xs: Vec<f64> = chart.points.iter().map(|p| p.x).collect();
    assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
    assert!(
        xs[2] - xs[1] > 1.5 * (xs[1] - xs[0]),
        "the missing third quarter stays a gap: {xs:?}"
    );
    let hollow: Vec<bool> = chart.points.iter().map(|p| p.provisional).collect();
    assert_eq!(hollow, [false, false, true]);
    let labels: Vec<&str> = chart.points.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["17", "15,5", "12"]);
    let (baseline, target) = (
        chart.baseline.expect("baseline"),
        chart.target.expect("target"),
    );
    assert!(target.y < chart.points[2].y && chart.points[0].y < baseline.y);
    assert_eq!(
        (baseline.value.as_str(), baseline.when.as_str()),
        ("18", "2025")
    );
    assert_eq!(target.when, "2027-12-31");
    let ticks: Vec<f64> = chart.y_ticks.iter().map(|t| t.at).collect();
    assert!(
        ticks.first() == Some(&0.0) && ticks.last() == Some(&1.0),
        "{ticks:?}"
    );
    let periods: Vec<&str> = chart.x_ticks.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(periods, ["2026-Q1", "2026-Q2", "2026-Q4"]);
}
