//! A code's problem in words: the owner's code (filing) is worded as the owner's, the others as
//! the user's own.

use beian_flow::sms::{CodeProblem, Screen};

use crate::i18n::*;

/// The message for `problem` with the code asked for on `screen`, in the current language.
pub fn problem_text(screen: Screen, problem: CodeProblem) -> String {
    let i18n = use_i18n();
    let owner = screen == Screen::OwnerCode;
    match problem {
        CodeProblem::Empty => t_string!(i18n, errors.code_empty).to_string(),
        CodeProblem::Invalid => t_string!(i18n, errors.code_invalid).to_string(),
        CodeProblem::Wrong(Some(tries)) if owner => {
            t_string!(i18n, filing.owner_code_wrong, tries = tries).to_string()
        }
        CodeProblem::Wrong(Some(tries)) => {
            t_string!(i18n, errors.code_wrong, tries = tries).to_string()
        }
        CodeProblem::Wrong(None) => t_string!(i18n, errors.code_wrong_no_count).to_string(),
        CodeProblem::Expired if owner => t_string!(i18n, filing.owner_code_expired).to_string(),
        CodeProblem::Expired => t_string!(i18n, errors.code_expired).to_string(),
        CodeProblem::Exhausted if owner => t_string!(i18n, filing.owner_code_exhausted).to_string(),
        CodeProblem::Exhausted => t_string!(i18n, errors.code_exhausted).to_string(),
        CodeProblem::Unknown => t_string!(i18n, errors.challenge_unknown).to_string(),
    }
}
