//! The workforce by year (SPEC 7): full-time equivalents by profile and by
//! contract, and residents per social worker — exact decimals.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Number, Plan, StaffContract, StaffProfile};

#[derive(Debug, Serialize)]
pub struct ProfileFte {
    pub profile: StaffProfile,
    pub fte: Number,
    /// Of which on permanent contracts.
    pub permanent: Number,
}

#[derive(Debug, Serialize)]
pub struct ContractFte {
    /// `null`: the contract is not given.
    pub contract: Option<StaffContract>,
    pub fte: Number,
}

#[derive(Debug, Serialize)]
pub struct StaffYear {
    pub year: i64,
    pub fte: Number,
    pub by_profile: Vec<ProfileFte>,
    pub by_contract: Vec<ContractFte>,
    /// The plan's residents, and how many for each full-time social
    /// worker (`null` without either).
    pub population: Option<i64>,
    pub residents_per_social_worker: Option<i64>,
}

fn add(slot: &mut Number, n: &Number) {
    // Beyond i128 a sum is not a workforce: keep what was there.
    if let Some(sum) = slot.checked_add(n) {
        *slot = sum;
    }
}

pub fn staff(plan: &Plan) -> Vec<StaffYear> {
    let population = plan.population();
    let mut years: BTreeMap<i64, StaffYear> = BTreeMap::new();
    for s in &plan.staff {
        let y = years.entry(s.year.value).or_insert_with(|| StaffYear {
            year: s.year.value,
            fte: Number::ZERO,
            by_profile: Vec::new(),
            by_contract: Vec::new(),
            population,
            residents_per_social_worker: None,
        });
        let fte = &s.fte.value;
        add(&mut y.fte, fte);
        let profile = s.profile.value;
        let p = match y.by_profile.iter().position(|x| x.profile == profile) {
            Some(i) => &mut y.by_profile[i],
            None => {
                y.by_profile.push(ProfileFte {
                    profile,
                    fte: Number::ZERO,
                    permanent: Number::ZERO,
                });
                y.by_profile.last_mut().expect("just pushed")
            }
        };
        add(&mut p.fte, fte);
        let contract = s.contract.as_ref().map(|c| c.value);
        if contract == Some(StaffContract::Permanent) {
            add(&mut p.permanent, fte);
        }
        let c = match y.by_contract.iter().position(|x| x.contract == contract) {
            Some(i) => &mut y.by_contract[i],
            None => {
                y.by_contract.push(ContractFte {
                    contract,
                    fte: Number::ZERO,
                });
                y.by_contract.last_mut().expect("just pushed")
            }
        };
        add(&mut c.fte, fte);
    }
    years
        .into_values()
        .map(|mut y| {
            y.by_profile.sort_by_key(|p| p.profile);
            y.by_contract
                .sort_by_key(|c| c.contract.map_or(usize::MAX, |c| c as usize));
            y.residents_per_social_worker = y
                .by_profile
                .iter()
                .find(|p| p.profile == StaffProfile::SocialWorker)
                .zip(population)
                .and_then(|(p, pop)| p.fte.divide_into(pop));
            y
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::model::Number;

    #[test]
    fn residents_per_full_time_social_worker() {
        let n = |s: &str| Number::parse(s).unwrap();
        // 104,196 residents, 18.5 FTE: 5,632.22 → 5,632.
        assert_eq!(n("18.5").divide_into(104_196), Some(5632));
        // Half away from zero: 10 / 4 = 2.5 → 3.
        assert_eq!(n("4").divide_into(10), Some(3));
        assert_eq!(n("0").divide_into(10), None);
        assert_eq!(n("0.5").checked_add(&n("1.25")), Some(n("1.75")));
    }
}
