//! The labels of the model's vocabularies (statuses, stances, kinds) in
//! each language.

use super::{NL, Texts};
use crate::model::{
    AgreementStatus, Contribution, Decision, Dimension, InputKind, InputRole, InputStatus,
    InterestStatus, PartnerKind, Rating, Recognition, Role, Signing, Stance, Trend,
};

impl Texts {
    /// A partner kind's label.
    pub fn partner_kind(&self, kind: PartnerKind) -> &'static str {
        if self.is_dutch() {
            return kind.label_nl();
        }
        match kind {
            PartnerKind::Gemeente => "Municipality",
            PartnerKind::Zorgaanbieder => "Care provider",
            PartnerKind::Woningcorporatie => "Housing corporation",
            PartnerKind::Clientenorganisatie => "Client organisation",
            PartnerKind::Zorgverzekeraar => "Health insurer",
            PartnerKind::Welzijn => "Social welfare",
            PartnerKind::Ggd => "Public health service (GGD)",
            PartnerKind::Onderwijs => "Education",
            PartnerKind::Adviesbureau => "Consultancy",
            PartnerKind::Overig => "Other",
        }
    }

    /// A kind of contribution's label.
    pub fn contribution(&self, kind: Contribution) -> &'static str {
        if self.is_dutch() {
            return kind.label_nl();
        }
        match kind {
            Contribution::Knowledge => "Knowledge",
            Contribution::Capacity => "Capacity",
            Contribution::Money => "Money",
            Contribution::Reach => "Reach",
            Contribution::Data => "Data",
            Contribution::Mandate => "Mandate",
        }
    }

    /// An answer to an expectation.
    pub fn recognition(&self, answer: Recognition) -> &'static str {
        if self.is_dutch() {
            return answer.label_nl();
        }
        match answer {
            Recognition::Recognised => "Recognised",
            Recognition::Partly => "Partly",
            Recognition::NotRecognised => "Not recognised",
        }
    }

    /// A course check dimension's name.
    pub fn dimension(&self, dimension: Dimension) -> &'static str {
        if self.is_dutch() {
            return dimension.label_nl();
        }
        match dimension {
            Dimension::SharedAmbition => "Shared ambition",
            Dimension::Interests => "Interests",
            Dimension::Relationship => "Relationship and trust",
            Dimension::Roles => "Roles and mandate",
            Dimension::Process => "Process and progress",
            Dimension::Effect => "Effect for residents",
        }
    }

    /// What "good" looks like on a dimension.
    pub fn dimension_good(&self, dimension: Dimension) -> &'static str {
        if self.is_dutch() {
            return dimension.good_nl();
        }
        match dimension {
            Dimension::SharedAmbition => "We work towards the same ambition and know why.",
            Dimension::Interests => "Everyone's interests are on the table and taken seriously.",
            Dimension::Relationship => "We speak to each other honestly and keep our agreements.",
            Dimension::Roles => {
                "Everyone knows who does what and what the representatives may decide."
            }
            Dimension::Process => "Meetings lead to decisions and we make progress.",
            Dimension::Effect => "Residents notice that the collaboration makes a difference.",
        }
    }

    /// What "not good" looks like on a dimension.
    pub fn dimension_not_good(&self, dimension: Dimension) -> &'static str {
        if self.is_dutch() {
            return dimension.not_good_nl();
        }
        match dimension {
            Dimension::SharedAmbition => {
                "The ambition is vague or each partner reads it differently."
            }
            Dimension::Interests => "Interests stay hidden or are brushed aside.",
            Dimension::Relationship => "There is distrust; difficult points stay undiscussed.",
            Dimension::Roles => "Roles are unclear; decisions stall on mandate.",
            Dimension::Process => "We talk a lot and get little further.",
            Dimension::Effect => "Nothing changes for residents (yet).",
        }
    }

    /// A rating's colour word.
    pub fn rating(&self, rating: Rating) -> &'static str {
        if self.is_dutch() {
            return rating.label_nl();
        }
        match rating {
            Rating::Green => "Green",
            Rating::Orange => "Orange",
            Rating::Red => "Red",
        }
    }

    /// A trend's word.
    pub fn trend(&self, trend: Trend) -> &'static str {
        if self.is_dutch() {
            return trend.label_nl();
        }
        match trend {
            Trend::Better => "Better",
            Trend::Same => "The same",
            Trend::Worse => "Worse",
        }
    }

    /// A kind of input.
    pub fn input_kind(&self, kind: InputKind) -> &'static str {
        if self.is_dutch() {
            return kind.label_nl();
        }
        match kind {
            InputKind::Bottleneck => "Bottleneck",
            InputKind::Idea => "Idea",
        }
    }

    /// Where input comes from.
    pub fn input_role(&self, role: InputRole) -> &'static str {
        if self.is_dutch() {
            return role.label_nl();
        }
        match role {
            InputRole::Professional => "Professional",
            InputRole::Client => "Client or client representative",
            InputRole::Manager => "Manager",
            InputRole::BoardMember => "Board member",
            InputRole::Other => "Other",
        }
    }

    /// How input is signed.
    pub fn signing(&self, signing: Signing) -> &'static str {
        if self.is_dutch() {
            return signing.label_nl();
        }
        match signing {
            Signing::Named => "With a name",
            Signing::RoleOnly => "Role only",
            Signing::Anonymous => "Anonymous",
        }
    }

    /// What became of input.
    pub fn input_status(&self, status: InputStatus) -> &'static str {
        if self.is_dutch() {
            return status.label_nl();
        }
        match status {
            InputStatus::New => "New",
            InputStatus::InProgress => "In progress",
            InputStatus::TakenUp => "Taken up",
            InputStatus::NotTakenUp => "Not taken up",
            InputStatus::Done => "Done",
        }
    }

    /// A role's label.
    pub fn role(&self, role: Role) -> &'static str {
        if self.is_dutch() {
            return role.label_nl();
        }
        match role {
            Role::Financier => "Funder",
            Role::Opdrachtgever => "Commissioner",
            Role::Uitvoerder => "Provider",
            Role::Clientvertegenwoordiger => "Client representative",
        }
    }

    /// An agreement status's label.
    pub fn agreement_status(&self, status: AgreementStatus) -> &'static str {
        if self.is_dutch() {
            return status.label_nl();
        }
        match status {
            AgreementStatus::Draft => "Draft",
            AgreementStatus::Proposed => "Proposed",
            AgreementStatus::Agreed => "Agreed",
            AgreementStatus::Withdrawn => "Withdrawn",
        }
    }

    /// A stance's label.
    pub fn stance(&self, stance: Stance) -> &'static str {
        if self.is_dutch() {
            return stance.label_nl();
        }
        match stance {
            Stance::Agree => "Agree",
            Stance::Reservations => "Agree with reservations",
            Stance::Object => "Object",
            Stance::Abstain => "Abstain",
        }
    }

    /// A board decision's label.
    pub fn decision(&self, decision: Decision) -> &'static str {
        if self.is_dutch() {
            return decision.label_nl();
        }
        match decision {
            Decision::Adopted => "Adopted",
            Decision::AdoptedWithConditions => "Adopted with conditions",
            Decision::Rejected => "Rejected",
            Decision::Postponed => "Postponed",
        }
    }

    /// An interest status's label.
    pub fn interest_status(&self, status: InterestStatus) -> &'static str {
        if self.is_dutch() {
            return status.label_nl();
        }
        match status {
            InterestStatus::Open => "Open",
            InterestStatus::BeingAddressed => "Being addressed",
            InterestStatus::Resolved => "Resolved",
        }
    }

    /// The label of a stored slug (a partner kind or a role), or the slug
    /// itself when it is not one this version knows.
    pub fn slug_label(&self, slug: &str) -> String {
        if let Ok(kind) = slug.parse::<PartnerKind>() {
            return self.partner_kind(kind).to_owned();
        }
        if let Ok(role) = slug.parse::<Role>() {
            return self.role(role).to_owned();
        }
        slug.to_owned()
    }

    fn is_dutch(&self) -> bool {
        std::ptr::eq(self, &NL)
    }
}
