package org.lifeline.residents.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.residents.model.SurveyRound;

import java.util.UUID;

/** {@link SurveyRound} over the reactive session (Panache). */
@ApplicationScoped
public class SurveyRoundRepository implements Aggregates<SurveyRound, UUID> {
}
