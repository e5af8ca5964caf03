/* The dBFT 2.0 attack MILP (dbft2-milp.md) in GNU MathProg, written for byzopt's benchmark: GLPK's
   own translator (glpsol --check --wlp) turns it into an LP file, which is the baseline our streamed
   writer is measured against. Objective preset P1 (maximize 1000 blocks + 100 views); w3 = 0, so the
   message counters (family 32) are left out, as in Table 1. Set N and tmax with --data or edit below. */

param N integer >= 4, default 4;
param tmax integer >= 2, default 5;
param f := floor((N - 1) / 3);
param M := 2 * f + 1;

set T := 1..tmax;
set Tp := 2..tmax;
set R := 1..N;
set H := 1..M;
set V := 1..N;
set Vp := 2..N;

var Primary{R, V} binary;
var SendPrepReq{T, R, V} binary;
var SendPrepRes{T, R, V} binary;
var SendCommit{T, R, V} binary;
var SendCV{T, R, V} binary;
var BlockRelay{T, R, V} binary;
var RecvPrepReq{T, R, R, V} binary;
var RecvPrepResp{T, R, R, V} binary;
var RecvCommit{T, R, R, V} binary;
var RecvCV{T, R, R, V} binary;
var blockRelayed{V} binary;
var totalBlockRelayed integer >= 0;
var lastRelayedBlock integer >= 0;
var numberOfRounds integer >= 0;
var totalNumberSendMsg integer >= 0;
var totalNumberRcvdMsg integer >= 0;
var totalNumberMsgs integer >= 0;
var changeViewRecvPerNodeAndView{R, V} integer >= 0;

maximize obj: 1000 * totalBlockRelayed + 100 * numberOfRounds;

/* 1, 2: time zero */
s.t. initSendPrepReq{i in R, v in V}: SendPrepReq[1, i, v] = 0;
s.t. initSendPrepRes{i in R, v in V}: SendPrepRes[1, i, v] = 0;
s.t. initSendCommit{i in R, v in V}: SendCommit[1, i, v] = 0;
s.t. initSendCV{i in R, v in V}: SendCV[1, i, v] = 0;
s.t. initBlockRelay{i in R, v in V}: BlockRelay[1, i, v] = 0;
s.t. initRecvPrepReq{i in R, j in R, v in V}: RecvPrepReq[1, i, j, v] = 0;
s.t. initRecvPrepResp{i in R, j in R, v in V}: RecvPrepResp[1, i, j, v] = 0;
s.t. initRecvCommit{i in R, j in R, v in V}: RecvCommit[1, i, j, v] = 0;
s.t. initRecvCV{i in R, j in R, v in V}: RecvCV[1, i, j, v] = 0;

/* 3-7: primary */
s.t. consensusShouldStart: sum{i in R} Primary[i, 1] = 1;
s.t. singlePrimaryEveryView{v in V}: sum{i in R} Primary[i, v] <= 1;
s.t. primaryOO{i in R}: sum{v in V} Primary[i, v] <= 1;
s.t. avoidJumpingViews{v in Vp}: (v - 1) * sum{i in R} Primary[i, v] <= sum{i in R, v2 in V: v2 < v} Primary[i, v2];
s.t. nextPrimaryOnlyIfEnoughCV{i in R, v in Vp}: M * Primary[i, v] <= changeViewRecvPerNodeAndView[i, v - 1];

/* 8-10: when a payload may be sent */
s.t. prepRespSendOptionally{t in Tp, i in R, v in V}: SendPrepRes[t, i, v] <= sum{t2 in T, j in R: t2 <= t} RecvPrepReq[t2, i, j, v];
s.t. commitSentIfMPrepRespOptionally{t in Tp, i in R, v in V}: M * SendCommit[t, i, v] <= sum{t2 in T, j in R: t2 <= t} RecvPrepResp[t2, i, j, v];
s.t. blockRelayOptionallyOnlyIfEnoughCommits{t in Tp, i in R, v in V}: M * BlockRelay[t, i, v] <= sum{t2 in T, j in R: t2 <= t} RecvCommit[t2, i, j, v];

/* 11-12: send once */
s.t. prepReqOOIfPrimary{i in R, v in V}: sum{t in Tp} SendPrepReq[t, i, v] <= Primary[i, v];
s.t. sendPrepResOO{i in R, v in V}: sum{t in Tp} SendPrepRes[t, i, v] <= 1;
s.t. sendCommitOO{i in R, v in V}: sum{t in Tp} SendCommit[t, i, v] <= 1;
s.t. sendCVOO{i in R, v in V}: sum{t in Tp} SendCV[t, i, v] <= 1;
s.t. blockRelayOO{i in R, v in V}: sum{t in Tp} BlockRelay[t, i, v] <= 1;

/* 13-16: receipt */
s.t. prepReqReceivedSS{t in Tp, i in R, v in V}: RecvPrepReq[t, i, i, v] = SendPrepReq[t, i, v];
s.t. prepRespReceivedSS{t in Tp, i in R, v in V}: RecvPrepResp[t, i, i, v] = SendPrepRes[t, i, v];
s.t. commitReceivedSS{t in Tp, i in R, v in V}: RecvCommit[t, i, i, v] = SendCommit[t, i, v];
s.t. cvReceivedSS{t in Tp, i in R, v in V}: RecvCV[t, i, i, v] = SendCV[t, i, v];
s.t. prepReqReceived{t in Tp, i in R, j in R, v in V: i != j}: RecvPrepReq[t, i, j, v] <= sum{t2 in Tp: t2 < t} SendPrepReq[t2, j, v];
s.t. prepRespReceived{t in Tp, i in R, j in R, v in V: i != j}: RecvPrepResp[t, i, j, v] <= sum{t2 in Tp: t2 < t} SendPrepRes[t2, j, v];
s.t. commitReceived{t in Tp, i in R, j in R, v in V: i != j}: RecvCommit[t, i, j, v] <= sum{t2 in Tp: t2 < t} SendCommit[t2, j, v];
s.t. cvReceived{t in Tp, i in R, j in R, v in V: i != j}: RecvCV[t, i, j, v] <= sum{t2 in Tp: t2 < t} SendCV[t2, j, v];
s.t. prepResReceivedAlongWithPrepReq{t in Tp, i in R, j in R, v in V}: RecvPrepResp[t, i, j, v] >= RecvPrepReq[t, i, j, v];
s.t. rcvdPrepReqOO{i in R, j in R, v in V}: sum{t in Tp} RecvPrepReq[t, i, j, v] <= 1;
s.t. rcvdPrepResOO{i in R, j in R, v in V}: sum{t in Tp} RecvPrepResp[t, i, j, v] <= 1;
s.t. rcvdCommitOO{i in R, j in R, v in V}: sum{t in Tp} RecvCommit[t, i, j, v] <= 1;
s.t. rcvdCVOO{i in R, j in R, v in V}: sum{t in Tp} RecvCV[t, i, j, v] <= 1;

/* 17-18: block relayed in a view */
s.t. blockRelayedOnlyIfNodeRelay{v in V}: blockRelayed[v] <= sum{t in Tp, i in R} BlockRelay[t, i, v];
s.t. blockRelayedCounterForced{v in V}: N * blockRelayed[v] >= sum{t in Tp, i in R} BlockRelay[t, i, v];

/* 19-27: honest nodes */
s.t. blockRelayLimitToOneForNonByz{i in H}: sum{t in Tp, v in V} BlockRelay[t, i, v] <= 1;
s.t. assertAtLeastOnePrimaryIfEnoughCV{i in H, v in Vp}: 2 * sum{ii in R} Primary[ii, v] >= changeViewRecvPerNodeAndView[i, v - 1] - M + 1;
s.t. assertSendPrepReqWithinSimLimit{i in H, v in V}: sum{t in Tp} SendPrepReq[t, i, v] >= Primary[i, v];
s.t. assertSendPrepResWithinSimLimit{i in H, v in V}: sum{t in Tp} SendPrepRes[t, i, v] >= sum{t in Tp, j in R} RecvPrepReq[t, i, j, v];
s.t. assertSendCommitWithinSimLimit{i in H, v in V}: 2 * sum{t in Tp} SendCommit[t, i, v] >= sum{t in Tp, j in R} RecvPrepResp[t, i, j, v] - M + 1;
s.t. assertBlockRelayWithinSimLimit{i in H, v in V}: 2 * sum{t in Tp} BlockRelay[t, i, v] >= sum{t in Tp, j in R} RecvCommit[t, i, j, v] - M + 1;
s.t. sendPrepReqOnlyIfViewBeforeOk{i in H, v in Vp}: M * sum{t in Tp} SendPrepReq[t, i, v] <= changeViewRecvPerNodeAndView[i, v - 1];
s.t. sendPrepResOnlyIfViewBeforeOk{i in H, v in Vp}: M * sum{t in Tp} SendPrepRes[t, i, v] <= changeViewRecvPerNodeAndView[i, v - 1];
s.t. sendCommitOnlyIfViewBeforeOk{i in H, v in Vp}: M * sum{t in Tp} SendCommit[t, i, v] <= changeViewRecvPerNodeAndView[i, v - 1];
s.t. sendCVOnlyIfViewBeforeOk{i in H, v in Vp}: M * sum{t in Tp} SendCV[t, i, v] <= changeViewRecvPerNodeAndView[i, v - 1];
s.t. assertSendCVIfNotSendCommitV1{i in H}: sum{t in Tp} SendCV[t, i, 1] >= 1 - sum{t in Tp} SendCommit[t, i, 1];
s.t. assertSendCVIfNotCommitAndYesPrimary{i in H, v in Vp}:
  sum{t in Tp} SendCV[t, i, v] >= 1 - sum{t in Tp, v2 in V: v2 <= v} SendCommit[t, i, v2] - (1 - sum{ii in R} Primary[ii, v - 1]);
s.t. noPrepReqIfCV{t in Tp, i in H, v in V}: SendPrepReq[t, i, v] <= 1 - sum{t2 in Tp: t2 <= t} SendCV[t2, i, v];
s.t. noPrepResIfCV{t in Tp, i in H, v in V}: SendPrepRes[t, i, v] <= 1 - sum{t2 in Tp: t2 <= t} SendCV[t2, i, v];
s.t. noCommitIfCV{t in Tp, i in H, v in V}: SendCommit[t, i, v] <= 1 - sum{t2 in Tp: t2 <= t} SendCV[t2, i, v];
s.t. noCVIfCommit{t in Tp, i in H, v in V}: SendCV[t, i, v] <= 1 - sum{t2 in Tp: t2 <= t} SendCommit[t2, i, v];
s.t. noBlockYesPrepReq{t in Tp, i in H, v in V}: SendPrepReq[t, i, v] <= 1 - sum{t2 in Tp: t2 <= t} BlockRelay[t2, i, v];
s.t. noBlockYesPrepRes{t in Tp, i in H, v in V}: SendPrepRes[t, i, v] <= 1 - sum{t2 in Tp: t2 <= t} BlockRelay[t2, i, v];
s.t. noBlockYesCommit{t in Tp, i in H, v in V}: SendCommit[t, i, v] <= 1 - sum{t2 in Tp: t2 <= t} BlockRelay[t2, i, v];
s.t. noBlockYesCV{t in Tp, i in H, v in V}: SendCV[t, i, v] <= 1 - sum{t2 in Tp: t2 <= t} BlockRelay[t2, i, v];
s.t. noBlockOldViewsYesPrimary{i in H, v in Vp}: Primary[i, v] <= 1 - sum{t in Tp, v2 in V: v2 < v} BlockRelay[t, i, v2];
s.t. noBlockOldViewsYesPrepReq{i in H, v in Vp}: sum{t in Tp} SendPrepReq[t, i, v] <= 1 - sum{t in Tp, v2 in V: v2 < v} BlockRelay[t, i, v2];
s.t. noBlockOldViewsYesPrepRes{i in H, v in Vp}: sum{t in Tp} SendPrepRes[t, i, v] <= 1 - sum{t in Tp, v2 in V: v2 < v} BlockRelay[t, i, v2];
s.t. noBlockOldViewsYesCommit{i in H, v in Vp}: sum{t in Tp} SendCommit[t, i, v] <= 1 - sum{t in Tp, v2 in V: v2 < v} BlockRelay[t, i, v2];
s.t. noCommitOldViewsYesPrepReq{i in H, v in Vp}: sum{t in Tp} SendPrepReq[t, i, v] <= 1 - sum{t in Tp, v2 in V: v2 < v} SendCommit[t, i, v2];
s.t. noCommitOldViewsYesPrepRes{i in H, v in Vp}: sum{t in Tp} SendPrepRes[t, i, v] <= 1 - sum{t in Tp, v2 in V: v2 < v} SendCommit[t, i, v2];
s.t. noCommitOldViewsYesCommit{i in H, v in Vp}: sum{t in Tp} SendCommit[t, i, v] <= 1 - sum{t in Tp, v2 in V: v2 < v} SendCommit[t, i, v2];
s.t. noCommitOldViewsYesCV{i in H, v in Vp}: sum{t in Tp} SendCV[t, i, v] <= 1 - sum{t in Tp, v2 in V: v2 < v} SendCommit[t, i, v2];

/* 28-31: auxiliary values */
s.t. calcSumBlockRelayed: totalBlockRelayed = sum{v in V} blockRelayed[v];
s.t. calcTotalPrimaries: numberOfRounds = sum{i in R, v in V} Primary[i, v];
s.t. calcChangeViewEveryNodeAndView{i in R, v in V}: changeViewRecvPerNodeAndView[i, v] = sum{t in T, j in R} RecvCV[t, i, j, v];
s.t. calcLastRelayedBlockMaxProblem{t in T, i in R, v in V}: lastRelayedBlock >= ((v - 1) * tmax + t) * BlockRelay[t, i, v];

end;
