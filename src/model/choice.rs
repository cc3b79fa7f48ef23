//! The closed vocabularies of the format: each key that accepts a fixed set
//! of words is an enum, with the word the TOML writes and the catalogue key
//! of its label — written once, so a word without a label fails a test
//! (`tests/catalogue.rs` walks every variant) and a misspelt one does not compile.

/// A closed vocabulary.
pub trait Choice: Copy + Sized + 'static {
    const ALL: &'static [Self];
    /// The words, as the TOML writes them, in the order of `ALL`.
    const WORDS: &'static [&'static str];
    /// The word the TOML writes.
    fn word(self) -> &'static str;
    /// Its label in the catalogues (`label.<key>`).
    fn label_key(self) -> &'static str;
    fn from_word(word: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.word() == word)
    }
}

macro_rules! choice {
    ($(#[$meta:meta])* $name:ident, $prefix:literal { $($variant:ident = $word:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),* }

        impl Choice for $name {
            const ALL: &'static [Self] = &[$($name::$variant),*];
            const WORDS: &'static [&'static str] = &[$($word),*];
            fn word(self) -> &'static str {
                match self { $($name::$variant => $word),* }
            }
            fn label_key(self) -> &'static str {
                match self { $($name::$variant => concat!($prefix, "-", $word)),* }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.word())
            }
        }
    };
}

choice!(
    /// How an intervention is run (SPEC 4.4).
    Delivery, "delivery" {
        Direct = "direct",
        Tender = "tender",
        Accreditation = "accreditation",
        CoDesign = "co-design",
        Convention = "convention",
        Voucher = "voucher",
        Grant = "grant",
        Other = "other",
    }
);

choice!(
    /// Where an intervention works (SPEC 4.4).
    Scope, "scope" {
        Municipal = "municipal",
        District = "district",
        HealthDistrict = "health-district",
        SupraDistrict = "supra-district",
    }
);

choice!(
    /// A card's progress in a year (SPEC 4.4).
    ProgressStatus, "progress" {
        NotStarted = "not-started",
        InProgress = "in-progress",
        Done = "done",
        Suspended = "suspended",
        Dropped = "dropped",
    }
);

choice!(
    /// What became of a recommendation (SPEC 5.1), in the order counted and shown.
    ResponseStatus, "response" {
        Accepted = "accepted",
        Partly = "partly",
        Rejected = "rejected",
        Pending = "pending",
    }
);

choice!(
    /// Which way an indicator should move (SPEC 4.6).
    Direction, "direction" {
        Increase = "increase",
        Decrease = "decrease",
        Keep = "keep",
    }
);

choice!(
    /// Who a fund's money comes from (SPEC 4.5, 7).
    FundLevel, "fund-level" {
        Eu = "eu",
        State = "state",
        Region = "region",
        Province = "province",
        Municipalities = "municipalities",
        Union = "union",
        HealthAuthority = "health-authority",
        Foundation = "foundation",
        ThirdSector = "third-sector",
        Users = "users",
        Private = "private",
        Other = "other",
    }
);

choice!(
    /// Which figure a stated total states (SPEC 7).
    StatedKind, "stated-kind" {
        Planned = "planned",
        Actual = "actual",
        Allocation = "allocation",
    }
);

choice!(
    /// A worker's profile (SPEC 7).
    StaffProfile, "profile" {
        SocialWorker = "social-worker",
        Educator = "educator",
        Psychologist = "psychologist",
        CareWorker = "care-worker",
        Administrative = "administrative",
        Other = "other",
    }
);

choice!(
    /// How a worker is employed (SPEC 7).
    StaffContract, "contract" {
        Permanent = "permanent",
        FixedTerm = "fixed-term",
        Agency = "agency",
        Outsourced = "outsourced",
    }
);

choice!(
    /// What a rule checks (SPEC 8).
    RuleKind, "rule-kind" {
        StaffRatio = "staff-ratio",
        FundShare = "fund-share",
        SpendingRate = "spending-rate",
        ServicePresent = "service-present",
    }
);

choice!(
    /// Which national fund a plan's `[[fund]]` is, for the national rules
    /// (SPEC 8): a plan keeps its own fund ids.
    NationalFund, "national-fund" {
        Fnps = "fnps",
        Fna = "fna",
        PovertyServices = "poverty-services",
        PovertySocialWorkers = "poverty-social-workers",
    }
);

choice!(
    /// What a `fund-share` rule's share is of.
    ShareOf, "share-of" {
        Planned = "planned",
        Allocation = "allocation",
    }
);
