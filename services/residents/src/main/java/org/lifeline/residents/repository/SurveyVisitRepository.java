package org.lifeline.residents.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.residents.model.SurveyVisit;

/** {@link SurveyVisit} over the reactive session (Panache). */
@ApplicationScoped
public class SurveyVisitRepository implements Aggregates<SurveyVisit, Long> {
}
